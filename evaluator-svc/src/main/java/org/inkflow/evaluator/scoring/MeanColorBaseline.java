package org.inkflow.evaluator.scoring;

import java.util.Arrays;
import org.inkflow.evaluator.dataset.LoadedSample;

/**
 * Baseline (b): the training split's per-pixel mean target color, whatever the input. It is the best constant
 * prediction under MSE, so a model must use its input to beat it. Inputs of another size than the mean image get
 * the mean resampled to their size (nearest pixel).
 */
public final class MeanColorBaseline implements Colorizer {

    public static final String ID = "mean-color";

    private final int height;
    private final int width;
    private final float[] mean; // [H,W,3]

    public MeanColorBaseline(int height, int width, float[] mean) {
        if (mean.length != height * width * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " mean color image needs "
                    + height * width * 3 + " values; got " + mean.length);
        }
        this.height = height;
        this.width = width;
        this.mean = mean.clone();
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The mean image, {@code [H,W,3]}. */
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public float[] colorize(float[] lineArt, int n, int h, int w) {
        if (lineArt.length != n * h * w) {
            throw new IllegalArgumentException("line art [" + n + "," + h + "," + w + ",1] needs " + n * h * w
                    + " values; got " + lineArt.length);
        }
        float[] one = resampled(h, w);
        float[] out = new float[n * one.length]; // [N,H,W,3]
        for (int i = 0; i < n; i++) {
            System.arraycopy(one, 0, out, i * one.length, one.length);
        }
        return out;
    }

    private float[] resampled(int h, int w) {
        if (h == height && w == width) {
            return mean;
        }
        float[] out = new float[h * w * 3];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(height - 1, (int) ((y + 0.5) * height / h));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(width - 1, (int) ((x + 0.5) * width / w));
                System.arraycopy(mean, (sy * width + sx) * 3, out, (y * w + x) * 3, 3);
            }
        }
        return out;
    }

    /** Accumulates the per-pixel mean of training targets; the first sample fixes the size. */
    public static final class Fitter {
        private int height;
        private int width;
        private double[] sum;
        private int count;

        public void add(LoadedSample sample) {
            if (sum == null) {
                height = sample.height();
                width = sample.width();
                sum = new double[height * width * 3];
            }
            float[] target = sample.target();
            if (sample.height() != height || sample.width() != width) {
                target = new MeanColorBaseline(sample.height(), sample.width(), target).resampled(height, width);
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += target[i];
            }
            count++;
        }

        public int count() {
            return count;
        }

        public MeanColorBaseline fit() {
            if (count == 0) {
                throw new IllegalStateException("the training split has no samples; a mean color needs at least one");
            }
            float[] mean = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                mean[i] = (float) (sum[i] / count);
            }
            return new MeanColorBaseline(height, width, mean);
        }
    }

    @Override
    public String toString() {
        return "MeanColorBaseline[" + width + "x" + height + ", mean " + Arrays.toString(channelMeans()) + "]";
    }

    /** The mean of each channel over the image, for logs. */
    public double[] channelMeans() {
        double[] c = new double[3];
        for (int i = 0; i < mean.length; i++) {
            c[i % 3] += mean[i];
        }
        for (int k = 0; k < 3; k++) {
            c[k] /= (mean.length / 3.0);
        }
        return c;
    }
}
