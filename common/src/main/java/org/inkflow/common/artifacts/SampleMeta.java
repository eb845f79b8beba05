package org.inkflow.common.artifacts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code samples/<sha256>/meta.json}: where an accepted sample came from, how it was made, and what the filters
 * measured. The cleaner writes it last, after input.png, target.png and the {@code samples.cleaned} event, so its
 * presence means the sample is complete; the cleaner's catalog and near-duplicate index are rebuilt from these files.
 *
 * @param primaryTag the tag a dataset balances on: the first tag, or {@code untagged}
 * @param groupKey   keeps related images in one split; the sha256 when the source names no group
 */
public record SampleMeta(
        Integer schemaVersion,
        String sha256,
        String source,
        String rawKey,
        String rawLineArtKey,
        String license,
        String sourceUrl,
        List<String> tags,
        String primaryTag,
        String rating,
        String groupKey,
        String split,
        Integer size,
        String normalize,
        String lineArtSource,
        String inputKey,
        String targetKey,
        String perceptualHash,
        String colorGrid,
        Integer sourceWidth,
        Integer sourceHeight,
        Map<String, Double> measures,
        Instant cleanedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String UNTAGGED = "untagged";

    public SampleMeta {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, SampleMeta.class);
        ArtifactJson.require(sha256, "sha256", SampleMeta.class);
        ArtifactJson.require(rawKey, "rawKey", SampleMeta.class);
        ArtifactJson.require(split, "split", SampleMeta.class);
        ArtifactJson.require(size, "size", SampleMeta.class);
        ArtifactJson.require(normalize, "normalize", SampleMeta.class);
        ArtifactJson.require(lineArtSource, "lineArtSource", SampleMeta.class);
        ArtifactJson.require(inputKey, "inputKey", SampleMeta.class);
        ArtifactJson.require(targetKey, "targetKey", SampleMeta.class);
        ArtifactJson.require(cleanedAt, "cleanedAt", SampleMeta.class);
        tags = tags == null ? List.of() : List.copyOf(tags);
        primaryTag = primaryTag == null ? primaryTagOf(tags) : primaryTag;
        groupKey = groupKey == null || groupKey.isBlank() ? sha256 : groupKey;
        measures = measures == null ? Map.of() : Map.copyOf(measures);
    }

    public static String primaryTagOf(List<String> tags) {
        return tags == null || tags.isEmpty() || tags.get(0).isBlank() ? UNTAGGED : tags.get(0);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static SampleMeta read(byte[] json) {
        return ArtifactJson.read(json, SampleMeta.class);
    }
}
