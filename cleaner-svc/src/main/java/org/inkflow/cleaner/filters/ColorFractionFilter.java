package org.inkflow.cleaner.filters;

import java.util.Locale;
import java.util.Optional;

/**
 * Rejects images with too little colour to be worth learning (a sketch with one red accent). The value is the
 * fraction of pixels whose chroma reaches the "coloured" level. White paper counts against it, so the threshold is
 * low: OpenMoji emoji, mostly white background, have 10-40% coloured pixels.
 */
public final class ColorFractionFilter implements ImageFilter {

    private final double coloredChroma;
    private final double minFraction;

    public ColorFractionFilter(double coloredChroma, double minFraction) {
        this.coloredChroma = coloredChroma;
        this.minFraction = minFraction;
    }

    @Override
    public RejectionRule rule() {
        return RejectionRule.TOO_LITTLE_COLOR;
    }

    @Override
    public Optional<Rejection> check(ImageCandidate c) {
        double fraction = colorFraction(c.normalized().rgb(), coloredChroma);
        if (fraction >= minFraction) {
            return Optional.empty();
        }
        return Optional.of(Rejection.of(rule(), fraction, minFraction, String.format(Locale.ROOT,
                "%.1f%% of pixels are coloured (chroma >= %.2f); at least %.1f%% are needed"
                        + " (inkflow.cleaner.filters.min-color-fraction)", fraction * 100, coloredChroma, minFraction * 100)));
    }

    /** Fraction of pixels of {@code [H,W,3]} RGB whose chroma is at least {@code coloredChroma}. */
    public static double colorFraction(float[] rgb, double coloredChroma) {
        int n = rgb.length / 3;
        int threshold = (int) Math.round(coloredChroma * 255);
        int colored = 0;
        for (int i = 0; i < n; i++) {
            if (GrayscaleFilter.chromaByte(rgb, i) >= threshold) {
                colored++;
            }
        }
        return n == 0 ? 0 : (double) colored / n;
    }
}
