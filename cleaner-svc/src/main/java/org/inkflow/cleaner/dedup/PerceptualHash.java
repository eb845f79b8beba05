package org.inkflow.cleaner.dedup;

/**
 * A 64-bit DCT perceptual hash (pHash) of a luma image: box-averaged to 32x32, 2-D DCT-II, and one bit per
 * coefficient of the lowest 8x8 frequencies, set when the coefficient is above their median. Re-encoding, small
 * rescales and mild blur flip few bits; different pictures differ in about half of them.
 */
public final class PerceptualHash {

    private static final int N = 32;
    private static final int LOW = 8;
    private static final double[][] COS = new double[LOW][N];

    static {
        for (int u = 0; u < LOW; u++) {
            for (int x = 0; x < N; x++) {
                COS[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2.0 * N));
            }
        }
    }

    private PerceptualHash() {
    }

    /** The hash of a {@code [H,W]} luma image in [0,1]. */
    public static long of(float[] gray, int width, int height) {
        double[] small = boxResize(gray, width, height); // [32,32]
        // Separable DCT, keeping only the 8 lowest frequencies on each axis: rows first, then columns.
        double[] rows = new double[N * LOW]; // [32 rows, 8 u]
        for (int y = 0; y < N; y++) {
            for (int u = 0; u < LOW; u++) {
                double acc = 0;
                for (int x = 0; x < N; x++) {
                    acc += small[y * N + x] * COS[u][x];
                }
                rows[y * LOW + u] = acc;
            }
        }
        double[] coeffs = new double[LOW * LOW]; // [8 v, 8 u]
        for (int v = 0; v < LOW; v++) {
            for (int u = 0; u < LOW; u++) {
                double acc = 0;
                for (int y = 0; y < N; y++) {
                    acc += rows[y * LOW + u] * COS[v][y];
                }
                coeffs[v * LOW + u] = acc;
            }
        }
        // The DC term only says how bright the picture is; it would skew the median.
        double[] ac = java.util.Arrays.copyOfRange(coeffs, 1, coeffs.length);
        java.util.Arrays.sort(ac);
        double median = (ac[ac.length / 2 - 1] + ac[ac.length / 2]) / 2;
        long hash = 0;
        for (int i = 0; i < coeffs.length; i++) {
            if (coeffs[i] > median) {
                hash |= 1L << i;
            }
        }
        return hash;
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    public static String hex(long hash) {
        return String.format("%016x", hash);
    }

    public static long parseHex(String hex) {
        return Long.parseUnsignedLong(hex, 16);
    }

    /** Averages each of 32x32 cells over the source pixels it covers (at least one). */
    static double[] boxResize(float[] gray, int width, int height) {
        double[] out = new double[N * N];
        for (int cy = 0; cy < N; cy++) {
            int y0 = cy * height / N;
            int y1 = Math.max(y0 + 1, (cy + 1) * height / N);
            for (int cx = 0; cx < N; cx++) {
                int x0 = cx * width / N;
                int x1 = Math.max(x0 + 1, (cx + 1) * width / N);
                double acc = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        acc += gray[y * width + x];
                    }
                }
                out[cy * N + cx] = acc / ((y1 - y0) * (x1 - x0));
            }
        }
        return out;
    }
}
