package org.inkflow.cleaner.datasets;

import java.util.List;
import org.inkflow.common.artifacts.DatasetStats;

/**
 * Pixel statistics of a split, the normalization every later stage uses: input (line art) mean, population standard
 * deviation and a 16-bin histogram (fractions of pixels, bin {@code i} = [i/16, (i+1)/16), 1.0 in the last), and
 * target per-channel RGB mean and standard deviation, as {@link DatasetStats}. Values in [0,1] as the PNGs store
 * them (8-bit).
 */
public final class PixelStatistics {

    public static final int BINS = 16;

    /** One image's sums; combined in a fixed order so the result does not depend on thread timing. */
    public record Partial(long pixels, double inputSum, double inputSquares, long[] histogram, double[] targetSum,
                          double[] targetSquares) {
    }

    private PixelStatistics() {
    }

    /** @param input {@code [H,W]} in [0,1]; @param targetRgb {@code [H,W,3]} in [0,1] */
    public static Partial of(float[] input, float[] targetRgb) {
        if (targetRgb.length != input.length * 3) {
            throw new IllegalArgumentException("target has " + targetRgb.length + " values; " + input.length
                    + " input pixels need " + input.length * 3);
        }
        double sum = 0;
        double squares = 0;
        long[] histogram = new long[BINS];
        for (float v : input) {
            sum += v;
            squares += (double) v * v;
            histogram[Math.max(0, Math.min(BINS - 1, (int) (v * BINS)))]++;
        }
        double[] tSum = new double[3];
        double[] tSquares = new double[3];
        for (int i = 0; i < input.length; i++) {
            for (int c = 0; c < 3; c++) {
                double v = targetRgb[i * 3 + c];
                tSum[c] += v;
                tSquares[c] += v * v;
            }
        }
        return new Partial(input.length, sum, squares, histogram, tSum, tSquares);
    }

    public static DatasetStats combine(List<Partial> partials) {
        long n = 0;
        double sum = 0;
        double squares = 0;
        long[] histogram = new long[BINS];
        double[] tSum = new double[3];
        double[] tSquares = new double[3];
        for (Partial p : partials) {
            n += p.pixels();
            sum += p.inputSum();
            squares += p.inputSquares();
            for (int b = 0; b < BINS; b++) {
                histogram[b] += p.histogram()[b];
            }
            for (int c = 0; c < 3; c++) {
                tSum[c] += p.targetSum()[c];
                tSquares[c] += p.targetSquares()[c];
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no pixels: statistics need at least one training sample");
        }
        double mean = sum / n;
        double[] fractions = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            fractions[b] = round((double) histogram[b] / n);
        }
        double[] tMean = new double[3];
        double[] tStd = new double[3];
        for (int c = 0; c < 3; c++) {
            tMean[c] = tSum[c] / n;
            tStd[c] = round(std(tSquares[c] / n, tMean[c]));
            tMean[c] = round(tMean[c]);
        }
        return new DatasetStats(DatasetStats.SCHEMA_VERSION,
                new DatasetStats.Input(round(mean), round(std(squares / n, mean)), fractions),
                new DatasetStats.Target(tMean, tStd), partials.size(), n);
    }

    private static double std(double meanOfSquares, double mean) {
        return Math.sqrt(Math.max(0, meanOfSquares - mean * mean));
    }

    /** Eight significant decimals: stable JSON, far below 8-bit quantization. */
    private static double round(double v) {
        return Math.round(v * 1e8) / 1e8;
    }
}
