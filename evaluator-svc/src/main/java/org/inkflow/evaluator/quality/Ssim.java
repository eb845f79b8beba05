package org.inkflow.evaluator.quality;

/**
 * Structural similarity (Wang, Bovik, Sheikh and Simoncelli 2004) as TensorFlow's {@code tf.image.ssim} computes
 * it: an 11x11 Gaussian window with sigma 1.5, K1 = 0.01, K2 = 0.03, data range 1, over the "valid" positions only
 * (no padding), on each RGB channel separately; the result is the mean over positions and channels. Images smaller
 * than the window in either dimension use the largest odd window that fits (same sigma).
 *
 * <p>The Gaussian is separable, so the five local moments are filtered row-wise then column-wise: O(H W k), not
 * O(H W k^2).
 */
public final class Ssim {

    /** The window every Inkflow report and gate uses. */
    public static final Ssim STANDARD = new Ssim(11, 1.5);

    private static final double K1 = 0.01;
    private static final double K2 = 0.03;
    private static final double C1 = (K1 * 1.0) * (K1 * 1.0);
    private static final double C2 = (K2 * 1.0) * (K2 * 1.0);

    private final int windowSize;
    private final double sigma;

    public Ssim(int windowSize, double sigma) {
        if (windowSize < 1 || windowSize % 2 == 0) {
            throw new IllegalArgumentException("SSIM window size must be odd and >= 1; got " + windowSize);
        }
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("SSIM sigma must be > 0; got " + sigma);
        }
        this.windowSize = windowSize;
        this.sigma = sigma;
    }

    public int windowSize() {
        return windowSize;
    }

    public double sigma() {
        return sigma;
    }

    /** How the report states the window. */
    public String describe() {
        return windowSize + "x" + windowSize + " Gaussian window, sigma " + sigma + ", per RGB channel, valid positions,"
                + " K1 0.01, K2 0.03, data range 1";
    }

    /** The window used for an image of this size: the configured one, or the largest odd one that fits. */
    public int effectiveWindow(int height, int width) {
        int w = Math.min(windowSize, Math.min(height, width));
        return w % 2 == 0 ? w - 1 : w;
    }

    /** Normalized 1-D Gaussian weights of length {@code size}, centred. */
    public double[] kernel(int size) {
        double[] k = new double[size];
        double sum = 0;
        int half = size / 2;
        for (int i = 0; i < size; i++) {
            double d = i - half;
            k[i] = Math.exp(-(d * d) / (2 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < size; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /**
     * Mean SSIM of two {@code [H,W,C]} row-major images with values in [0,1].
     */
    public double compute(float[] x, float[] y, int height, int width, int channels) {
        long expected = (long) height * width * channels;
        if (x.length != expected || y.length != expected) {
            throw new IllegalArgumentException("SSIM of a " + height + "x" + width + "x" + channels + " image needs "
                    + expected + " values per image; got " + x.length + " and " + y.length);
        }
        int w = effectiveWindow(height, width);
        double[] k = kernel(w);
        int oh = height - w + 1;
        int ow = width - w + 1;
        int plane = height * width;
        double[] xs = new double[plane];
        double[] ys = new double[plane];
        double[] xx = new double[plane];
        double[] yy = new double[plane];
        double[] xy = new double[plane];
        // Row-filtered moments [H, OW], then column-filtered [OH, OW]; buffers reused per channel.
        double[][] rows = new double[5][height * ow];
        double[][] cols = new double[5][oh * ow];
        double total = 0;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < plane; i++) {
                double a = x[i * channels + c];
                double b = y[i * channels + c];
                xs[i] = a;
                ys[i] = b;
                xx[i] = a * a;
                yy[i] = b * b;
                xy[i] = a * b;
            }
            double[][] planes = {xs, ys, xx, yy, xy};
            for (int p = 0; p < 5; p++) {
                filterRows(planes[p], rows[p], height, width, ow, k);
                filterColumns(rows[p], cols[p], oh, ow, k);
            }
            double[] mxs = cols[0];
            double[] mys = cols[1];
            double[] exxs = cols[2];
            double[] eyys = cols[3];
            double[] exys = cols[4];
            double sum = 0;
            for (int i = 0; i < oh * ow; i++) {
                double mx = mxs[i];
                double my = mys[i];
                double vx = exxs[i] - mx * mx;
                double vy = eyys[i] - my * my;
                double cxy = exys[i] - mx * my;
                sum += ((2 * mx * my + C1) * (2 * cxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
            }
            total += sum / ((double) oh * ow);
        }
        return total / channels;
    }

    /** Column pass, row by row so the inner loop runs over contiguous memory. */
    private static void filterColumns(double[] in, double[] out, int oh, int ow, double[] k) {
        java.util.Arrays.fill(out, 0, oh * ow, 0.0);
        for (int oy = 0; oy < oh; oy++) {
            int rowOut = oy * ow;
            for (int j = 0; j < k.length; j++) {
                double kj = k[j];
                int rowIn = (oy + j) * ow;
                for (int ox = 0; ox < ow; ox++) {
                    out[rowOut + ox] += kj * in[rowIn + ox];
                }
            }
        }
    }

    private static void filterRows(double[] in, double[] out, int height, int width, int ow, double[] k) {
        int w = k.length;
        for (int yy = 0; yy < height; yy++) {
            int rowIn = yy * width;
            int rowOut = yy * ow;
            for (int ox = 0; ox < ow; ox++) {
                double s = 0;
                for (int j = 0; j < w; j++) {
                    s += k[j] * in[rowIn + ox + j];
                }
                out[rowOut + ox] = s;
            }
        }
    }
}
