package org.inkflow.cleaner.datasets;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code datasets/<name>/<version>/manifest.json}, what the trainer and evaluator read. The first fields are the
 * shape agreed with the trainer ({@code name, version, imageSize, splits, stats, tagCounts, createdAt}); the rest
 * record how the snapshot was made. cleaner-svc/README.md documents every field.
 */
public record DatasetManifest(
        String name,
        String version,
        int imageSize,
        Map<String, List<Entry>> splits,
        PixelStatistics.Stats stats,
        Map<String, Integer> tagCounts,
        Instant createdAt,
        int schemaVersion,
        String lineArt,
        String normalize,
        Map<String, Integer> lineArtSources,
        Map<String, Double> splitFractions,
        Map<String, Integer> splitCounts,
        String statsSplit,
        Map<String, Integer> tagCountsBeforeBalancing,
        Map<String, Integer> excluded,
        Integer maxPerTag,
        Integer minPerTag,
        List<String> includeTags,
        List<String> excludeTags,
        long shuffleSeed,
        String fingerprint,
        String statsKey,
        String previewKey,
        Map<String, Integer> licenses) {

    public static final int SCHEMA_VERSION = 1;

    /** One sample of a split; keys are in the same bucket. */
    public record Entry(String sha256, String inputKey, String targetKey, List<String> tags, String groupKey) {
    }
}
