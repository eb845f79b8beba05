package org.inkflow.model.training;

/**
 * The training split's line-art statistics: the graph computes {@code (x - mean) / std} on its [0,1] input, so
 * callers always feed plain [0,1] images and can never normalize differently from training.
 */
public record InputNormalization(float mean, float std) {

    public InputNormalization {
        if (!Float.isFinite(mean)) {
            throw new IllegalArgumentException("input mean must be finite; got " + mean);
        }
        if (!(std > 1e-6f) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("input std must be a finite value > 1e-6; got " + std
                    + " (a constant-valued training split cannot be normalized)");
        }
    }

    /** No normalization: mean 0, std 1. */
    public static InputNormalization identity() {
        return new InputNormalization(0f, 1f);
    }

    /** Mean and standard deviation of the values (population std). */
    public static InputNormalization of(float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot compute statistics of no values");
        }
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double sq = 0;
        for (float v : values) {
            sq += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(sq / values.length);
        return new InputNormalization((float) mean, (float) Math.max(std, 1e-3));
    }
}
