package org.inkflow.cleaner.dedup;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The near-duplicate decision every cleaner replica computes alike (ADR 0034): claims are applied in log order (one
 * partition of {@code inkflow.samples.hashes}), and a claim wins unless an earlier WINNING claim is its near-duplicate
 * (hash within {@code maxDistance} bits and colour layout within {@code maxColorDistance}). A sample's first claim
 * decides it; a later claim of the same sample (a redelivery) changes nothing. Replicas that read the same log with
 * the same limits therefore decide every pair the same way, whichever of them saw which member.
 *
 * <p>Plain Java, thread-safe; {@link #apply} runs on the log reader, {@link #decision} wherever a claim waits.
 */
public final class ClaimLog {

    /** How a sample's claim was decided: won, or lost to {@code winner} at these distances. */
    public record Decision(String sha256, boolean won, String winner, int distance, double colorDistance,
                           int maxDistance, double maxColorDistance) {
    }

    private final int maxDistance;
    private final double maxColorDistance;
    private final DuplicateIndex winners;
    private final Map<String, Decision> decisions = new HashMap<>();
    private final BiConsumer<String, ImageFingerprint> onWinner;
    private long applied = -1;

    /** @param onWinner told of every winning claim, in log order (the service adds it to its shared index) */
    public ClaimLog(int maxDistance, double maxColorDistance, BiConsumer<String, ImageFingerprint> onWinner) {
        this.maxDistance = maxDistance;
        this.maxColorDistance = maxColorDistance;
        this.winners = new DuplicateIndex(maxDistance);
        this.onWinner = onWinner;
    }

    /** Applies the claim at {@code offset} (offsets rise); returns the sample's decision (its first claim's). */
    public synchronized Decision apply(long offset, String sha256, ImageFingerprint fingerprint) {
        skip(offset);
        Decision known = decisions.get(sha256);
        if (known != null) {
            return known;
        }
        Decision decision = winners.nearest(fingerprint, maxDistance, maxColorDistance)
                .map(m -> new Decision(sha256, false, m.sha256(), m.distance(), m.colorDistance(), maxDistance, maxColorDistance))
                .orElseGet(() -> new Decision(sha256, true, null, 0, 0, maxDistance, maxColorDistance));
        decisions.put(sha256, decision);
        if (decision.won()) {
            winners.add(sha256, fingerprint);
            onWinner.accept(sha256, fingerprint);
        }
        return decision;
    }

    /** A record at {@code offset} that is not a claim (unreadable, dead-lettered): the reader got past it. */
    public synchronized void skip(long offset) {
        applied = Math.max(applied, offset);
        notifyAll();
    }

    public synchronized Optional<Decision> decision(String sha256) {
        return Optional.ofNullable(decisions.get(sha256));
    }

    /** The offset of the last record applied or skipped; -1 before the first. */
    public synchronized long applied() {
        return applied;
    }

    /** Waits until every record before {@code endOffset} was applied; false when {@code timeoutMillis} ran out. */
    public synchronized boolean awaitApplied(long endOffset, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (applied < endOffset - 1) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    public synchronized int winners() {
        return winners.size();
    }
}
