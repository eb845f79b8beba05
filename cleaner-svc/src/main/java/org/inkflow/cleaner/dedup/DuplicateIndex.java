package org.inkflow.cleaner.dedup;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fingerprints of accepted samples, searched by perceptual-hash Hamming distance and colour-layout distance.
 * Indexed by bands of the 64-bit hash (pigeonhole): split into {@code d + 1} bands, two hashes at most {@code d} bits
 * apart agree exactly on at least one band, so only the fingerprints sharing a band value with the query are
 * compared. That keeps a replay of the shared claim log (ADR 0034) linear in its length instead of quadratic.
 * Queries for a larger distance than the bands were cut for, and an index with more than
 * {@link #MAX_BANDED_DISTANCE} bits, compare every fingerprint (100,000 take about a millisecond).
 */
public final class DuplicateIndex {

    /** The distance the index is cut for when none is given: {@code inkflow.cleaner.filters.duplicate-max-distance}'s default. */
    public static final int DEFAULT_DISTANCE = 6;
    /** Beyond this many bits, bands would be too narrow to narrow anything down. */
    public static final int MAX_BANDED_DISTANCE = 15;

    /** The closest accepted sample within both limits. */
    public record Match(String sha256, int distance, double colorDistance) {
    }

    private final Map<String, ImageFingerprint> fingerprints = new ConcurrentHashMap<>();
    private final int bandedDistance;
    /** Per band: its first bit and width, and band value -> the samples whose hash has it. */
    private final int[] bandShift;
    private final int[] bandWidth;
    private final Map<Long, Set<String>>[] bands;

    public DuplicateIndex() {
        this(DEFAULT_DISTANCE);
    }

    /** @param bandedDistance the largest Hamming distance the bands answer exactly (-1 or above 15: no bands) */
    @SuppressWarnings("unchecked")
    public DuplicateIndex(int bandedDistance) {
        this.bandedDistance = bandedDistance < 0 || bandedDistance > MAX_BANDED_DISTANCE ? -1 : bandedDistance;
        int n = this.bandedDistance < 0 ? 0 : this.bandedDistance + 1;
        bandShift = new int[n];
        bandWidth = new int[n];
        bands = new Map[n];
        int shift = 0;
        for (int i = 0; i < n; i++) {
            bandWidth[i] = 64 / n + (i < 64 % n ? 1 : 0);
            bandShift[i] = shift;
            shift += bandWidth[i];
            bands[i] = new ConcurrentHashMap<>();
        }
    }

    public void add(String sha256, ImageFingerprint fingerprint) {
        if (fingerprints.put(sha256, fingerprint) == null) {
            for (int i = 0; i < bands.length; i++) {
                bands[i].computeIfAbsent(band(fingerprint.perceptualHash(), i), k -> ConcurrentHashMap.newKeySet()).add(sha256);
            }
        }
    }

    public int size() {
        return fingerprints.size();
    }

    /**
     * The accepted sample nearest by hash distance with both distances within the limits, if any (ties: the smallest
     * sha256, so every replica names the same one).
     */
    public Optional<Match> nearest(ImageFingerprint fingerprint, int maxDistance, double maxColorDistance) {
        if (maxDistance < 0) {
            return Optional.empty();
        }
        Iterable<String> candidates = fingerprints.keySet();
        if (maxDistance <= bandedDistance) {
            Set<String> sharing = new HashSet<>();
            for (int i = 0; i < bands.length; i++) {
                Set<String> same = bands[i].get(band(fingerprint.perceptualHash(), i));
                if (same != null) {
                    sharing.addAll(same);
                }
            }
            candidates = sharing;
        }
        Match best = null;
        for (String sha : candidates) {
            ImageFingerprint other = fingerprints.get(sha);
            if (other == null) {
                continue; // banded before it was stored: added right now by another thread
            }
            int d = fingerprint.hashDistance(other);
            if (d > maxDistance || best != null && d > best.distance()) {
                continue;
            }
            double c = fingerprint.colorDistance(other);
            if (c > maxColorDistance) {
                continue;
            }
            if (best == null || d < best.distance() || sha.compareTo(best.sha256()) < 0) {
                best = new Match(sha, d, c);
            }
        }
        return Optional.ofNullable(best);
    }

    private long band(long hash, int i) {
        return bandWidth[i] == 64 ? hash : (hash >>> bandShift[i]) & ((1L << bandWidth[i]) - 1);
    }
}
