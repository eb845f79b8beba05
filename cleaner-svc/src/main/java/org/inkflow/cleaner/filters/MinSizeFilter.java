package org.inkflow.cleaner.filters;

import java.util.Optional;

/** Rejects images whose shorter side is below the minimum: upscaled pixels teach the model blur. Value: shorter side. */
public final class MinSizeFilter implements ImageFilter {

    private final int minSide;

    public MinSizeFilter(int minSide) {
        this.minSide = minSide;
    }

    @Override
    public RejectionRule rule() {
        return RejectionRule.TOO_SMALL;
    }

    @Override
    public Optional<Rejection> check(ImageCandidate c) {
        int side = Math.min(c.sourceWidth(), c.sourceHeight());
        if (side >= minSide) {
            return Optional.empty();
        }
        return Optional.of(Rejection.of(rule(), side, minSide, "image is " + c.sourceWidth() + "x" + c.sourceHeight()
                + "; its shorter side " + side + " is below " + minSide + " (inkflow.cleaner.filters.min-side)"));
    }
}
