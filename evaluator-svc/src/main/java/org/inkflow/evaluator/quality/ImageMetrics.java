package org.inkflow.evaluator.quality;

/**
 * Pixel-wise errors between a predicted and a target image of the same shape, values in [0,1]: L1 (mean absolute
 * error), MSE and PSNR with a data range of 1.
 */
public final class ImageMetrics {

    /**
     * PSNR of identical images is infinite; averages use this cap instead, so one perfect sample cannot make a
     * split's mean infinite (and JSON, which has no infinity, can carry it).
     */
    public static final double PSNR_CAP_DB = 100.0;

    private ImageMetrics() {
    }

    /** Mean absolute difference over every pixel and channel. */
    public static double l1(float[] prediction, float[] target) {
        checkSameLength(prediction, target);
        double sum = 0;
        for (int i = 0; i < target.length; i++) {
            sum += Math.abs((double) prediction[i] - target[i]);
        }
        return sum / target.length;
    }

    /** Mean squared difference over every pixel and channel. */
    public static double mse(float[] prediction, float[] target) {
        checkSameLength(prediction, target);
        double sum = 0;
        for (int i = 0; i < target.length; i++) {
            double d = (double) prediction[i] - target[i];
            sum += d * d;
        }
        return sum / target.length;
    }

    /** {@code 10 log10(1 / mse)} in dB for values in [0,1]; {@code +Infinity} when {@code mse} is 0. */
    public static double psnr(double mse) {
        if (Double.isNaN(mse) || mse < 0) {
            return Double.NaN;
        }
        if (mse == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10.0 * Math.log10(1.0 / mse);
    }

    /** PSNR limited to {@link #PSNR_CAP_DB}, the form every average uses. */
    public static double cappedPsnr(double mse) {
        double psnr = psnr(mse);
        return Double.isNaN(psnr) ? psnr : Math.min(psnr, PSNR_CAP_DB);
    }

    static void checkSameLength(float[] prediction, float[] target) {
        if (prediction.length != target.length) {
            throw new IllegalArgumentException("prediction has " + prediction.length + " values and target "
                    + target.length + "; both must have the same [H,W,C] shape");
        }
        if (target.length == 0) {
            throw new IllegalArgumentException("cannot score an empty image");
        }
    }
}
