package org.inkflow.common.events;

import java.time.Instant;
import java.util.List;
import org.inkflow.common.keys.Keys;

/**
 * A training sample stored under {@code samples/<sha256>/} ({@link Topics#SAMPLES_CLEANED}, key {@code sha256}
 * of the raw image): model input, target, and the split it belongs to.
 */
public record SampleCleaned(
        Integer schemaVersion,
        String sha256,
        String split,
        String inputKey,
        String targetKey,
        String metaKey,
        Integer size,
        String lineArtSource,
        String groupKey,
        List<String> tags,
        String source,
        String license,
        Instant cleanedAt) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public SampleCleaned {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, SampleCleaned.class);
        Event.require(sha256, "sha256", SampleCleaned.class);
        Event.require(split, "split", SampleCleaned.class);
        Event.require(inputKey, "inputKey", SampleCleaned.class);
        Event.require(targetKey, "targetKey", SampleCleaned.class);
        EventFields.sha256(sha256, "sha256", SampleCleaned.class);
        EventFields.keyUnder(inputKey, Keys.sampleDir(sha256), "inputKey", SampleCleaned.class);
        EventFields.keyUnder(targetKey, Keys.sampleDir(sha256), "targetKey", SampleCleaned.class);
        EventFields.keyUnder(metaKey, Keys.sampleDir(sha256), "metaKey", SampleCleaned.class);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @Override
    public String key() {
        return sha256;
    }
}
