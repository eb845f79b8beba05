package org.inkflow.evaluator.quality;

import java.util.List;

/**
 * One sample's scores: its errors against the target, SSIM, and the colorfulness of prediction and target.
 * {@code psnr} may be {@code +Infinity} for a perfect prediction.
 */
public record SampleScore(String sampleId, List<String> tags, double l1, double mse, double psnr, double ssim,
                          double colorfulness, double targetColorfulness) {

    public SampleScore {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Scores {@code prediction} against {@code target}, both {@code [H,W,3]} RGB in [0,1]. */
    public static SampleScore of(String sampleId, List<String> tags, float[] prediction, float[] target,
                                 int height, int width, Ssim ssim) {
        long expected = (long) height * width * 3;
        if (prediction.length != expected || target.length != expected) {
            throw new IllegalArgumentException("sample " + sampleId + ": a " + height + "x" + width
                    + " RGB image needs " + expected + " values; prediction has " + prediction.length
                    + " and target " + target.length);
        }
        double mse = ImageMetrics.mse(prediction, target);
        return new SampleScore(sampleId, tags, ImageMetrics.l1(prediction, target), mse, ImageMetrics.psnr(mse),
                ssim.compute(prediction, target, height, width, 3), Colorfulness.of(prediction),
                Colorfulness.of(target));
    }

    /** Whether every value is a number (a model that outputs NaN gets no finite score). */
    public boolean finite() {
        return Double.isFinite(l1) && Double.isFinite(mse) && !Double.isNaN(psnr) && Double.isFinite(ssim)
                && Double.isFinite(colorfulness);
    }
}
