package org.inkflow.common.artifacts;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A published dataset version, {@code datasets/<name>/<version>/manifest.json}: written once by the cleaner, read
 * by the trainer, the evaluator and the demo. The first fields are what the readers use ({@code name, version,
 * imageSize, splits, stats, tagCounts, createdAt}); the rest record how the snapshot was made. {@code credits} is
 * optional: a line naming the data's source and licence, when the writer knows one.
 */
public record DatasetManifest(
        String name,
        String version,
        Integer imageSize,
        Map<String, List<Sample>> splits,
        DatasetStats stats,
        Map<String, Integer> tagCounts,
        Instant createdAt,
        Integer schemaVersion,
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
        Long shuffleSeed,
        String fingerprint,
        String statsKey,
        String previewKey,
        Map<String, Integer> licenses,
        String credits) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";

    /** One sample of a split; its keys are in the same bucket. */
    public record Sample(String sha256, String inputKey, String targetKey, List<String> tags, String groupKey) {

        public Sample {
            ArtifactJson.require(sha256, "splits[].sha256", DatasetManifest.class);
            ArtifactJson.require(inputKey, "splits[].inputKey", DatasetManifest.class);
            ArtifactJson.require(targetKey, "splits[].targetKey", DatasetManifest.class);
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    public DatasetManifest {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, DatasetManifest.class);
        ArtifactJson.require(name, "name", DatasetManifest.class);
        ArtifactJson.require(version, "version", DatasetManifest.class);
        ArtifactJson.require(imageSize, "imageSize", DatasetManifest.class);
        ArtifactJson.require(splits, "splits", DatasetManifest.class);
        ArtifactJson.require(createdAt, "createdAt", DatasetManifest.class);
        // Insertion order is the writer's split order (train, validation, test), which readers keep.
        splits = Collections.unmodifiableMap(new LinkedHashMap<>(splits));
    }

    /** The samples of {@code split}, in the manifest's order; empty when the split is absent. */
    public List<Sample> split(String split) {
        List<Sample> entries = splits.get(split);
        return entries == null ? List.of() : entries;
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static DatasetManifest read(byte[] json) {
        return ArtifactJson.read(json, DatasetManifest.class);
    }
}
