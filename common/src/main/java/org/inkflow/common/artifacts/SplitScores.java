package org.inkflow.common.artifacts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's or baseline's mean scores on one dataset split, {@code {metric: value}}, and the same per tag (most
 * frequent tags first). Stored alone as the cached scores of a production model
 * ({@link Keys#evaluationScores}) and nested in {@link BaselineScores}.
 */
public record SplitScores(Integer schemaVersion, Map<String, Double> summary, Map<String, Map<String, Double>> byTag) {

    public static final int SCHEMA_VERSION = 1;

    public SplitScores {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, SplitScores.class);
        ArtifactJson.require(summary, "summary", SplitScores.class);
        // Tag order is meaningful (most frequent first), so the maps keep it.
        summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        byTag = byTag == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(byTag));
    }

    public SplitScores(Map<String, Double> summary, Map<String, Map<String, Double>> byTag) {
        this(SCHEMA_VERSION, summary, byTag);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static SplitScores read(byte[] json) {
        return ArtifactJson.read(json, SplitScores.class);
    }
}
