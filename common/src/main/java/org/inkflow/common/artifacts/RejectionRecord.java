package org.inkflow.common.artifacts;

import java.time.Instant;

/**
 * {@code samples/<sha256>/rejected.json}: why the cleaner rejected a raw image ({@code rule} is a rejection rule id,
 * {@code value} and {@code threshold} the measure and limit where the rule has them), kept so the same image again
 * changes nothing.
 */
public record RejectionRecord(
        Integer schemaVersion,
        String sha256,
        String rule,
        Double value,
        Double threshold,
        String reason,
        String rawKey,
        Instant rejectedAt) {

    public static final int SCHEMA_VERSION = 1;

    public RejectionRecord {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, RejectionRecord.class);
        ArtifactJson.require(sha256, "sha256", RejectionRecord.class);
        ArtifactJson.require(rule, "rule", RejectionRecord.class);
        ArtifactJson.require(reason, "reason", RejectionRecord.class);
        ArtifactJson.require(rejectedAt, "rejectedAt", RejectionRecord.class);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static RejectionRecord read(byte[] json) {
        return ArtifactJson.read(json, RejectionRecord.class);
    }
}
