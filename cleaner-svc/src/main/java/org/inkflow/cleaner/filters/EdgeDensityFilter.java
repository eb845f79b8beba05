package org.inkflow.cleaner.filters;

import java.util.Locale;
import java.util.Optional;

/**
 * Rejects entangled pictures (crowds, dense hatching, screentone) whose line art is a thicket the model cannot map to
 * regions of colour. The value is the fraction of pixels whose Sobel gradient of luma, scaled so a full black-white
 * step gives 1, is above the edge level.
 */
public final class EdgeDensityFilter implements ImageFilter {

    private final double edgeGradient;
    private final double maxDensity;

    public EdgeDensityFilter(double edgeGradient, double maxDensity) {
        this.edgeGradient = edgeGradient;
        this.maxDensity = maxDensity;
    }

    @Override
    public RejectionRule rule() {
        return RejectionRule.TOO_ENTANGLED;
    }

    @Override
    public Optional<Rejection> check(ImageCandidate c) {
        double density = edgeDensity(c.normalized().gray(), c.normalized().width(), c.normalized().height(), edgeGradient);
        if (density <= maxDensity) {
            return Optional.empty();
        }
        return Optional.of(Rejection.of(rule(), density, maxDensity, String.format(Locale.ROOT,
                "%.1f%% of pixels are edges; at most %.1f%% are allowed (inkflow.cleaner.filters.max-edge-density)",
                density * 100, maxDensity * 100)));
    }

    /** Fraction of pixels of the {@code [H,W]} luma whose scaled Sobel magnitude is above {@code level}. */
    public static double edgeDensity(float[] gray, int width, int height, double level) {
        int edges = 0;
        double level2 = level * level;
        for (int y = 0; y < height; y++) {
            int ym = Math.max(0, y - 1);
            int yp = Math.min(height - 1, y + 1);
            for (int x = 0; x < width; x++) {
                int xm = Math.max(0, x - 1);
                int xp = Math.min(width - 1, x + 1);
                float tl = gray[ym * width + xm];
                float t = gray[ym * width + x];
                float tr = gray[ym * width + xp];
                float l = gray[y * width + xm];
                float r = gray[y * width + xp];
                float bl = gray[yp * width + xm];
                float b = gray[yp * width + x];
                float br = gray[yp * width + xp];
                // Each Sobel kernel sums to 4 on one side of a unit step: divide so a full step gives 1.
                double gx = ((tr + 2 * r + br) - (tl + 2 * l + bl)) / 4.0;
                double gy = ((bl + 2 * b + br) - (tl + 2 * t + tr)) / 4.0;
                if (gx * gx + gy * gy > level2) {
                    edges++;
                }
            }
        }
        return (double) edges / ((long) width * height);
    }
}
