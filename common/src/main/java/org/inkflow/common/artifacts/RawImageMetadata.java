package org.inkflow.common.artifacts;

import java.time.Instant;
import java.util.List;

/**
 * The metadata stored beside a raw image, {@code raw/<source>/<folder>/<sha256>.json} (the {@code metadataKey} of
 * {@code RawImageStored}): where the image came from, what it shows, its license and its paired line art. Written
 * once by the crawler; {@code postId}, {@code rating}, the size, the URLs, the line art and the group are optional.
 */
public record RawImageMetadata(
        Integer schemaVersion,
        String sha256,
        String md5,
        String source,
        String postId,
        List<String> tags,
        String rating,
        Integer width,
        Integer height,
        String contentType,
        Long sizeBytes,
        String sourceUrl,
        String postUrl,
        String license,
        String lineArtKey,
        String groupKey,
        String jobId,
        Instant crawledAt) {

    public static final int SCHEMA_VERSION = 1;

    public RawImageMetadata {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, RawImageMetadata.class);
        ArtifactJson.require(sha256, "sha256", RawImageMetadata.class);
        ArtifactJson.require(md5, "md5", RawImageMetadata.class);
        ArtifactJson.require(source, "source", RawImageMetadata.class);
        ArtifactJson.require(contentType, "contentType", RawImageMetadata.class);
        ArtifactJson.require(sizeBytes, "sizeBytes", RawImageMetadata.class);
        ArtifactJson.require(crawledAt, "crawledAt", RawImageMetadata.class);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static RawImageMetadata read(byte[] json) {
        return ArtifactJson.read(json, RawImageMetadata.class);
    }
}
