package org.inkflow.cleaner.filters;

import java.util.Optional;

/** Rejects strips and banners: after normalizing they would be mostly padding or mostly cut away. Value: long/short side. */
public final class AspectRatioFilter implements ImageFilter {

    private final double maxRatio;

    public AspectRatioFilter(double maxRatio) {
        this.maxRatio = maxRatio;
    }

    @Override
    public RejectionRule rule() {
        return RejectionRule.EXTREME_ASPECT_RATIO;
    }

    @Override
    public Optional<Rejection> check(ImageCandidate c) {
        double ratio = ratio(c.sourceWidth(), c.sourceHeight());
        if (ratio <= maxRatio) {
            return Optional.empty();
        }
        return Optional.of(Rejection.of(rule(), ratio, maxRatio, String.format(java.util.Locale.ROOT,
                "aspect ratio %.2f of %dx%d is above %.2f (inkflow.cleaner.filters.max-aspect-ratio)",
                ratio, c.sourceWidth(), c.sourceHeight(), maxRatio)));
    }

    public static double ratio(int width, int height) {
        return (double) Math.max(width, height) / Math.min(width, height);
    }
}
