package org.inkflow.model.serving;

import java.util.Arrays;
import java.util.List;

/**
 * A batch of images as one NHWC float array: {@code n} images of {@code height x width} pixels with {@code channels}
 * values each (1 for line art, 3 for RGB), row-major, values normally in [0,1]. The constructor checks that the
 * array holds exactly {@code n*height*width*channels} values, so a swapped or wrong shape fails here, not deep
 * inside TensorFlow.
 */
public record ImageBatch(int n, int height, int width, int channels, float[] data) {

    public ImageBatch {
        if (n < 1 || height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("an image batch needs n, height, width and channels >= 1; got ["
                    + n + "," + height + "," + width + "," + channels + "]");
        }
        if (data == null) {
            throw new IllegalArgumentException("image batch data is null");
        }
        long expected = (long) n * height * width * channels;
        if (data.length != expected) {
            throw new IllegalArgumentException("image batch [" + n + "," + height + "," + width + "," + channels
                    + "] needs " + expected + " values but the array has " + data.length);
        }
    }

    /** An all-zero batch of the given shape. */
    public static ImageBatch zeros(int n, int height, int width, int channels) {
        return new ImageBatch(n, height, width, channels, new float[n * height * width * channels]);
    }

    /** One batch from single images, each {@code [H,W,C]} row-major (e.g. {@code ImageArrays.toGray}). */
    public static ImageBatch stack(List<float[]> images, int height, int width, int channels) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("cannot stack an empty list of images");
        }
        int size = height * width * channels;
        float[] data = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) {
            float[] image = images.get(i);
            if (image.length != size) {
                throw new IllegalArgumentException("image " + i + " has " + image.length + " values; a " + width + "x"
                        + height + "x" + channels + " image needs " + size);
            }
            System.arraycopy(image, 0, data, i * size, size);
        }
        return new ImageBatch(images.size(), height, width, channels, data);
    }

    /** Values per image ({@code height*width*channels}). */
    public int imageSize() {
        return height * width * channels;
    }

    /** A copy of image {@code i}, {@code [H,W,C]} row-major. */
    public float[] image(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("image " + i + " of a batch of " + n);
        }
        int size = imageSize();
        return Arrays.copyOfRange(data, i * size, (i + 1) * size);
    }

    /** The batch's shape as TensorFlow sees it: {@code [N, H, W, C]}. */
    public long[] shape() {
        return new long[] {n, height, width, channels};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageBatch b && b.n == n && b.height == height && b.width == width
                && b.channels == channels && Arrays.equals(b.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape()) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ImageBatch[" + n + "," + height + "," + width + "," + channels + "]";
    }
}
