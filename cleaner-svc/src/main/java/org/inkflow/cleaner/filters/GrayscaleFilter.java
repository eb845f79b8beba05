package org.inkflow.cleaner.filters;

import java.util.Locale;
import java.util.Optional;

/**
 * Rejects images that are already grayscale: there is no colour to learn. The value is the 99th percentile of chroma
 * ({@code max(R,G,B) - min(R,G,B)}), so a few coloured pixels from JPEG noise or a signature do not count as colour.
 */
public final class GrayscaleFilter implements ImageFilter {

    private final double maxChroma;

    public GrayscaleFilter(double maxChroma) {
        this.maxChroma = maxChroma;
    }

    @Override
    public RejectionRule rule() {
        return RejectionRule.ALREADY_GRAYSCALE;
    }

    @Override
    public Optional<Rejection> check(ImageCandidate c) {
        double p99 = chromaPercentile(c.normalized().rgb(), 0.99);
        if (p99 >= maxChroma) {
            return Optional.empty();
        }
        return Optional.of(Rejection.of(rule(), p99, maxChroma, String.format(Locale.ROOT,
                "99th-percentile chroma %.3f is below %.3f: the image is already grayscale"
                        + " (inkflow.cleaner.filters.grayscale-max-chroma)", p99, maxChroma)));
    }

    /** The {@code q}-quantile of per-pixel chroma of {@code [H,W,3]} RGB in [0,1], to 1/255. */
    public static double chromaPercentile(float[] rgb, double q) {
        int n = rgb.length / 3;
        int[] histogram = new int[256];
        for (int i = 0; i < n; i++) {
            histogram[chromaByte(rgb, i)]++;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += histogram[v];
            if (seen >= rank) {
                return v / 255.0;
            }
        }
        return 1.0;
    }

    static int chromaByte(float[] rgb, int pixel) {
        float r = rgb[pixel * 3];
        float g = rgb[pixel * 3 + 1];
        float b = rgb[pixel * 3 + 2];
        float chroma = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
        return Math.max(0, Math.min(255, Math.round(chroma * 255f)));
    }
}
