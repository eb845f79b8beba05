package org.inkflow.evaluator.quality;

import java.util.Arrays;
import java.util.Optional;

/**
 * The metrics a split is summarized by, with the direction in which each one is better. Their ids are the
 * {@code metric} label of {@code inkflow_evaluator_score} and the keys of events, reports and gates.
 */
public enum Metric {
    /** Mean absolute error per pixel and channel; the metric Inkflow optimizes and ranks by. */
    L1("l1", false),
    MSE("mse", false),
    /** Mean of per-image PSNR in dB, each capped at {@link ImageMetrics#PSNR_CAP_DB}. */
    PSNR("psnr", true),
    /** Mean SSIM, window as {@link Ssim#STANDARD} states. */
    SSIM("ssim", true),
    /** Mean Hasler-Suesstrunk colorfulness of the predictions (0-255 scale). */
    COLORFULNESS("colorfulness", true),
    /** Mean colorfulness of predictions over that of the targets (+1 smoothing): 1 is as colorful as the truth. */
    COLORFULNESS_RATIO("colorfulness_ratio", true);

    /** The metrics published as {@code inkflow_evaluator_score} and {@code inkflow_evaluator_baseline_score}. */
    public static final Metric[] PUBLISHED = {L1, MSE, PSNR, SSIM, COLORFULNESS};

    private final String id;
    private final boolean higherIsBetter;

    Metric(String id, boolean higherIsBetter) {
        this.id = id;
        this.higherIsBetter = higherIsBetter;
    }

    public String id() {
        return id;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The metric with this id, if any. */
    public static Optional<Metric> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    /** The metric named {@code id}, or an error listing the names that exist. */
    public static Metric require(String id, String where) {
        return byId(id).orElseThrow(() -> new IllegalArgumentException("unknown metric '" + id + "' in " + where
                + "; known metrics: " + Arrays.stream(values()).map(Metric::id).toList()));
    }
}
