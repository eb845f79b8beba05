package org.inkflow.common.artifacts;

/**
 * An entry of the crawler's global dedup index: {@code raw/index/sha256/<sha256>.json} ("stored and announced",
 * with the metadata key, the job that stored it and the post it stored it for) and {@code raw/index/md5/<md5>.json}
 * (sha256 and object only). Written once and read by the crawler; {@code objectKey} names the stored image. The job
 * and post tell a resumed job's repeat of an item it stored before its restart from a real duplicate ({@code postId}
 * is absent in entries written before it was recorded).
 */
public record RawImageIndexEntry(Integer schemaVersion, String sha256, String objectKey, String metadataKey,
                                 String jobId, String postId) {

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
