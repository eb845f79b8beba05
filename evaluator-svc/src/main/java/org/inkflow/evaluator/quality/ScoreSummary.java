package org.inkflow.evaluator.quality;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mean scores of a set of samples (a split, or the samples of one tag). Values are NaN when any sample's
 * score was not a number, so a broken model can never look good.
 */
public record ScoreSummary(int count, double l1, double mse, double psnr, double ssim, double colorfulness,
                           double targetColorfulness) {

    /** The value of {@code metric}. */
    public double get(Metric metric) {
        return switch (metric) {
            case L1 -> l1;
            case MSE -> mse;
            case PSNR -> psnr;
            case SSIM -> ssim;
            case COLORFULNESS -> colorfulness;
            case COLORFULNESS_RATIO -> colorfulnessRatio();
        };
    }

    /** Prediction colorfulness over target colorfulness, each +1 so gray targets do not divide by zero. */
    public double colorfulnessRatio() {
        return (colorfulness + 1.0) / (targetColorfulness + 1.0);
    }

    /** Every metric by id, plus {@code colorfulness_target} and {@code count}: the shape events and reports carry. */
    public Map<String, Double> toMap() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            out.put(m.id(), get(m));
        }
        out.put("colorfulness_target", targetColorfulness);
        out.put("count", (double) count);
        return out;
    }

    /** The inverse of {@link #toMap()}; missing values read as NaN. */
    public static ScoreSummary fromMap(Map<String, Double> values) {
        return new ScoreSummary(
                (int) Math.round(value(values, "count")),
                value(values, Metric.L1.id()),
                value(values, Metric.MSE.id()),
                value(values, Metric.PSNR.id()),
                value(values, Metric.SSIM.id()),
                value(values, Metric.COLORFULNESS.id()),
                value(values, "colorfulness_target"));
    }

    private static double value(Map<String, Double> values, String key) {
        Double v = values.get(key);
        return v == null ? Double.NaN : v;
    }
}
