package org.inkflow.common.events;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A cleaner replica's claim to accept a sample ({@link Topics#SAMPLES_HASHES}, compacted, key {@code sha256}, every
 * claim in partition {@link #PARTITION} so that all claims have one log order): its perceptual hash and colour grid.
 * Every replica reads the topic from the start; the first claim in log order among near-duplicates wins (ADR 0034).
 */
public record SampleHashClaimed(
        Integer schemaVersion,
        String sha256,
        String perceptualHash,
        String colorGrid,
        Instant claimedAt) implements Event {

    public static final int SCHEMA_VERSION = 1;
    /** The one partition every claim is written to: one total order, whatever the topic's partition count. */
    public static final int PARTITION = 0;
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern GRID = Pattern.compile("[0-9a-f]{96}");

    public SampleHashClaimed {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, SampleHashClaimed.class);
        Event.require(sha256, "sha256", SampleHashClaimed.class);
        Event.require(perceptualHash, "perceptualHash", SampleHashClaimed.class);
        Event.require(colorGrid, "colorGrid", SampleHashClaimed.class);
        EventFields.sha256(sha256, "sha256", SampleHashClaimed.class);
        if (!HASH.matcher(perceptualHash).matches()) {
            throw new InvalidEventException("perceptualHash '" + perceptualHash + "' in SampleHashClaimed must be 16 lower-case hex digits");
        }
        if (!GRID.matcher(colorGrid).matches()) {
            throw new InvalidEventException("colorGrid in SampleHashClaimed must be 96 lower-case hex digits (4x4 cells of RGB)");
        }
    }

    @Override
    public String key() {
        return sha256;
    }
}
