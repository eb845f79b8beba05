package org.inkflow.common.events;

import java.time.Instant;
import java.util.List;
import org.inkflow.common.keys.Keys;

/**
 * A crawled image stored under {@code raw/} ({@link Topics#IMAGES_RAW}, key {@code sha256} of its bytes), with
 * the metadata the cleaner filters on. {@code lineArtKey} is set when the source pairs the image with its own line
 * art; {@code groupKey} keeps related images (e.g. skin-tone variants) in one split.
 */
public record RawImageStored(
        Integer schemaVersion,
        String sha256,
        String jobId,
        String source,
        String objectKey,
        String metadataKey,
        String contentType,
        Long sizeBytes,
        Integer width,
        Integer height,
        List<String> tags,
        String rating,
        String sourceUrl,
        String license,
        String lineArtKey,
        String groupKey,
        Instant crawledAt) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public RawImageStored {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, RawImageStored.class);
        Event.require(sha256, "sha256", RawImageStored.class);
        Event.require(source, "source", RawImageStored.class);
        Event.require(objectKey, "objectKey", RawImageStored.class);
        EventFields.sha256(sha256, "sha256", RawImageStored.class);
        EventFields.name(source, "source", RawImageStored.class);
        EventFields.keyUnder(objectKey, Keys.RAW, "objectKey", RawImageStored.class);
        EventFields.keyUnder(metadataKey, Keys.RAW, "metadataKey", RawImageStored.class);
        EventFields.keyUnder(lineArtKey, Keys.RAW, "lineArtKey", RawImageStored.class);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @Override
    public String key() {
        return sha256;
    }
}
