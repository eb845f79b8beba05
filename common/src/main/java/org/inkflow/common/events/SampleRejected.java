package org.inkflow.common.events;

import java.time.Instant;
import org.inkflow.common.keys.Keys;

/**
 * A raw image the cleaner would not use ({@link Topics#SAMPLES_REJECTED}, key {@code sha256}): the rule that
 * rejected it, the value it measured and the threshold it was held to.
 */
public record SampleRejected(
        Integer schemaVersion,
        String sha256,
        String rule,
        Double value,
        Double threshold,
        String reason,
        String rawKey,
        Instant rejectedAt) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public SampleRejected {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, SampleRejected.class);
        Event.require(sha256, "sha256", SampleRejected.class);
        Event.require(rule, "rule", SampleRejected.class);
        Event.require(reason, "reason", SampleRejected.class);
        EventFields.sha256(sha256, "sha256", SampleRejected.class);
        EventFields.keyUnder(rawKey, Keys.RAW, "rawKey", SampleRejected.class);
    }

    @Override
    public String key() {
        return sha256;
    }
}
