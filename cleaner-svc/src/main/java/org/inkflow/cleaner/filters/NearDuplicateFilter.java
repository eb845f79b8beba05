package org.inkflow.cleaner.filters;

import java.util.Locale;
import java.util.Optional;
import org.inkflow.cleaner.dedup.DuplicateIndex;

/**
 * Rejects an image that looks like an already ACCEPTED sample: perceptual hash within the Hamming distance and colour
 * layout within the colour distance (re-uploads, resized and re-encoded copies). Value: the hash distance; the
 * reason names the sample it duplicates.
 */
public final class NearDuplicateFilter implements ImageFilter {

    private final DuplicateIndex index;
    private final int maxDistance;
    private final double maxColorDistance;

    public NearDuplicateFilter(DuplicateIndex index, int maxDistance, double maxColorDistance) {
        this.index = index;
        this.maxDistance = maxDistance;
        this.maxColorDistance = maxColorDistance;
    }

    @Override
    public RejectionRule rule() {
        return RejectionRule.NEAR_DUPLICATE;
    }

    @Override
    public Optional<Rejection> check(ImageCandidate c) {
        return index.nearest(c.fingerprint(), maxDistance, maxColorDistance)
                .map(m -> rejection(m.sha256(), m.distance(), m.colorDistance(), maxDistance, maxColorDistance));
    }

    /** The rejection of a near-duplicate of accepted sample {@code of}; also used when a shared claim lost (ADR 0034). */
    public static Rejection rejection(String of, int distance, double colorDistance, int maxDistance, double maxColorDistance) {
        return Rejection.of(RejectionRule.NEAR_DUPLICATE, distance, maxDistance,
                String.format(Locale.ROOT, "perceptual hash is %d bits and colour layout %.3f from accepted sample %s"
                        + " (duplicates are within %d bits and %.3f: inkflow.cleaner.filters.duplicate-max-distance,"
                        + " duplicate-max-color-distance)", distance, colorDistance, of, maxDistance, maxColorDistance));
    }
}
