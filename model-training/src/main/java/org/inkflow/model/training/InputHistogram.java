package org.inkflow.model.training;

import java.util.ArrayList;
import java.util.List;

/**
 * The training split's line-art histogram that the model card records ({@code inputStats.histogram}) so inference
 * can measure drift against it: values in [0,1] (clamped) counted in equal-width bins, as shares summing to 1.
 */
public final class InputHistogram {

    private InputHistogram() {
    }

    /** The normalized histogram of {@code values} over {@code bins} equal bins of [0,1]; all zeros for no values. */
    public static List<Double> of(float[] values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("a histogram needs at least 1 bin; got " + bins);
        }
        double[] counts = new double[bins];
        for (float v : values) {
            int b = (int) Math.floor(Math.max(0f, Math.min(1f, v)) * bins);
            counts[Math.min(bins - 1, b)]++;
        }
        List<Double> out = new ArrayList<>(bins);
        for (double c : counts) {
            out.add(values.length == 0 ? 0.0 : c / values.length);
        }
        return out;
    }
}
