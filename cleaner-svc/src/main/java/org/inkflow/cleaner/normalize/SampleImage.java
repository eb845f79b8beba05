package org.inkflow.cleaner.normalize;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * An opaque image as the filters and line-art extractors see it: RGB {@code [H,W,3]} and luma {@code [H,W]},
 * row-major, values in [0,1]. Luma uses ITU-R BT.601 weights, as {@code ImageArrays.toGray} does.
 */
public record SampleImage(int width, int height, float[] rgb, float[] gray) {

    public SampleImage {
        if (rgb.length != width * height * 3 || gray.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + width * height * 3
                    + " RGB and " + width * height + " gray values, not " + rgb.length + " and " + gray.length);
        }
    }

    /** Reads a {@code TYPE_INT_RGB} image (what the safe decoder and the normalizer return). */
    public static SampleImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = image.getType() == BufferedImage.TYPE_INT_RGB && image.getRaster().getDataBuffer() instanceof DataBufferInt db
                && image.getRaster().getMinX() == 0 && image.getRaster().getMinY() == 0
                && image.getRaster().getSampleModelTranslateX() == 0 && image.getRaster().getSampleModelTranslateY() == 0
                ? db.getData() : image.getRGB(0, 0, w, h, null, 0, w);
        float[] rgb = new float[w * h * 3]; // [H,W,3]
        float[] gray = new float[w * h]; // [H,W]
        for (int i = 0; i < w * h; i++) {
            float r = ((px[i] >> 16) & 0xff) / 255f;
            float g = ((px[i] >> 8) & 0xff) / 255f;
            float b = (px[i] & 0xff) / 255f;
            rgb[i * 3] = r;
            rgb[i * 3 + 1] = g;
            rgb[i * 3 + 2] = b;
            gray[i] = 0.299f * r + 0.587f * g + 0.114f * b;
        }
        return new SampleImage(w, h, rgb, gray);
    }

    /** From RGB values alone; luma is computed. */
    public static SampleImage ofRgb(float[] rgb, int width, int height) {
        float[] gray = new float[width * height];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = 0.299f * rgb[i * 3] + 0.587f * rgb[i * 3 + 1] + 0.114f * rgb[i * 3 + 2];
        }
        return new SampleImage(width, height, rgb, gray);
    }
}
