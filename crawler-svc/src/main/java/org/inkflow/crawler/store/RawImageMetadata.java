package org.inkflow.crawler.store;

import java.time.Instant;
import java.util.List;

/**
 * The metadata JSON stored beside a raw image ({@code raw/<source>/<folder>/<sha256>.json}): where it came from,
 * what it shows, its license and its paired line art.
 */
public record RawImageMetadata(
        int schemaVersion,
        String sha256,
        String md5,
        String source,
        String postId,
        List<String> tags,
        String rating,
        Integer width,
        Integer height,
        String contentType,
        long sizeBytes,
        String sourceUrl,
        String postUrl,
        String license,
        String lineArtKey,
        String groupKey,
        String jobId,
        Instant crawledAt) {

    public static final int SCHEMA_VERSION = 1;
}
