package org.inkflow.inference.drift;

import java.util.Arrays;

/**
 * Summary statistics of gray line-art input in [0,1]: mean, standard deviation, the share of ink pixels (line
 * density: values below {@link #INK_THRESHOLD}) and a normalized histogram of equal-width bins over [0,1].
 * The model card carries the training split's statistics in this form; live inputs are measured the same way.
 */
public record InputStatistics(double mean, double std, double lineDensity, double[] histogram) {

    /** A pixel darker than this is ink. */
    public static final float INK_THRESHOLD = 0.5f;

    public InputStatistics {
        if (histogram == null || histogram.length < 2) {
            throw new IllegalArgumentException("an input histogram needs at least 2 bins");
        }
        histogram = histogram.clone();
    }

    @Override
    public double[] histogram() {
        return histogram.clone();
    }

    public int bins() {
        return histogram.length;
    }

    /** The share of mass in the bins below {@link #INK_THRESHOLD}, for statistics that only carry a histogram. */
    public static double lineDensityOf(double[] histogram) {
        double total = Arrays.stream(histogram).sum();
        if (total <= 0) {
            return 0;
        }
        double ink = 0;
        for (int i = 0; i < histogram.length; i++) {
            double lo = (double) i / histogram.length;
            double hi = (double) (i + 1) / histogram.length;
            if (hi <= INK_THRESHOLD) {
                ink += histogram[i];
            } else if (lo < INK_THRESHOLD) {
                ink += histogram[i] * (INK_THRESHOLD - lo) / (hi - lo);
            }
        }
        return ink / total;
    }

    /** Measures {@code values} (gray pixels in [0,1], clamped) into a {@code bins}-bin histogram. */
    public static InputStatistics of(float[] values, int offset, int length, int bins) {
        double[] histogram = new double[bins];
        double sum = 0;
        double sumSq = 0;
        long ink = 0;
        for (int i = offset; i < offset + length; i++) {
            float v = values[i];
            if (Float.isNaN(v)) {
                v = 0;
            }
            v = Math.max(0f, Math.min(1f, v));
            sum += v;
            sumSq += (double) v * v;
            if (v < INK_THRESHOLD) {
                ink++;
            }
            histogram[Math.min(bins - 1, (int) (v * bins))]++;
        }
        if (length == 0) {
            return new InputStatistics(0, 0, 0, histogram);
        }
        for (int b = 0; b < bins; b++) {
            histogram[b] /= length;
        }
        double mean = sum / length;
        double variance = Math.max(0, sumSq / length - mean * mean);
        return new InputStatistics(mean, Math.sqrt(variance), (double) ink / length, histogram);
    }
}
