package org.inkflow.evaluator.quality;

/**
 * SSIM written from the definition, independently of {@link Ssim}: the reference the unit tests compare with and
 * the benchmark measures against (O(H W k^2), two passes per window).
 */
public final class DirectSsim {

    private DirectSsim() {
    }

    /**
     * The textbook definition, written independently: for every valid window position, a 2-D Gaussian-weighted
     * mean, variance and covariance computed directly from deviations (not from E[x^2] - mu^2), then the mean.
     */
    public static double compute(float[] x, float[] y, int h, int w, int channels, int window, double sigma) {
        double[][] weights = new double[window][window];
        double sum = 0;
        int half = window / 2;
        for (int i = 0; i < window; i++) {
            for (int j = 0; j < window; j++) {
                weights[i][j] = Math.exp(-((i - half) * (i - half) + (j - half) * (j - half)) / (2 * sigma * sigma));
                sum += weights[i][j];
            }
        }
        double c1 = Math.pow(0.01, 2);
        double c2 = Math.pow(0.03, 2);
        double total = 0;
        for (int c = 0; c < channels; c++) {
            double channelSum = 0;
            int positions = 0;
            for (int top = 0; top + window <= h; top++) {
                for (int left = 0; left + window <= w; left++) {
                    double mx = 0;
                    double my = 0;
                    for (int i = 0; i < window; i++) {
                        for (int j = 0; j < window; j++) {
                            double wt = weights[i][j] / sum;
                            mx += wt * x[((top + i) * w + left + j) * channels + c];
                            my += wt * y[((top + i) * w + left + j) * channels + c];
                        }
                    }
                    double vx = 0;
                    double vy = 0;
                    double cov = 0;
                    for (int i = 0; i < window; i++) {
                        for (int j = 0; j < window; j++) {
                            double wt = weights[i][j] / sum;
                            double dx = x[((top + i) * w + left + j) * channels + c] - mx;
                            double dy = y[((top + i) * w + left + j) * channels + c] - my;
                            vx += wt * dx * dx;
                            vy += wt * dy * dy;
                            cov += wt * dx * dy;
                        }
                    }
                    channelSum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                    positions++;
                }
            }
            total += channelSum / positions;
        }
        return total / channels;
    }
}
