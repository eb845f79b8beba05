package org.inkflow.common.artifacts;

/**
 * An entry of the crawler's global dedup index: {@code raw/index/sha256/<sha256>.json} ("stored and announced",
 * with the metadata key and the job that stored it) and {@code raw/index/md5/<md5>.json} (sha256 and object only).
 * Written once and read by the crawler; {@code objectKey} names the stored image.
 */
public record RawImageIndexEntry(Integer schemaVersion, String sha256, String objectKey, String metadataKey,
                                 String jobId) {

    public static final int SCHEMA_VERSION = 1;

    public RawImageIndexEntry {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, RawImageIndexEntry.class);
        ArtifactJson.require(sha256, "sha256", RawImageIndexEntry.class);
        ArtifactJson.require(objectKey, "objectKey", RawImageIndexEntry.class);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static RawImageIndexEntry read(byte[] json) {
        return ArtifactJson.read(json, RawImageIndexEntry.class);
    }
}
