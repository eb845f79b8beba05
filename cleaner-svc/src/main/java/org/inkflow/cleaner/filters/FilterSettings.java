package org.inkflow.cleaner.filters;

import java.util.List;
import java.util.Set;

/**
 * The thresholds of every rule and the rules switched off, as {@code inkflow.cleaner.filters.*} sets them (the
 * meaning of each is documented there); {@link FilterChain#from} builds the chain from them.
 */
public record FilterSettings(
        Set<String> disabled,
        int minSide,
        double maxAspectRatio,
        double grayscaleMaxChroma,
        double coloredPixelChroma,
        double minColorFraction,
        double edgeGradient,
        double maxEdgeDensity,
        int duplicateMaxDistance,
        double duplicateMaxColorDistance,
        List<String> blockedTags,
        List<String> blockedRatings) {

    public FilterSettings {
        disabled = disabled == null ? Set.of() : Set.copyOf(disabled);
        blockedTags = blockedTags == null ? List.of() : List.copyOf(blockedTags);
        blockedRatings = blockedRatings == null ? List.of() : List.copyOf(blockedRatings);
    }
}
