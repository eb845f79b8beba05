package org.inkflow.common.artifacts;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code evaluations/_baselines/<dataset>/<version>/scores.json}: both baselines' scores on a dataset version, per
 * split then per baseline id ({@code splits.validation["line-copy"]}). Computed once per dataset version by the
 * evaluator and never rewritten (dataset versions are immutable).
 */
public record BaselineScores(Integer schemaVersion, String dataset, String version, String ssimWindow,
                             Map<String, Map<String, SplitScores>> splits, Instant computedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "scores.json";

    public BaselineScores {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, BaselineScores.class);
        ArtifactJson.require(dataset, "dataset", BaselineScores.class);
        ArtifactJson.require(version, "version", BaselineScores.class);
        ArtifactJson.require(splits, "splits", BaselineScores.class);
        splits = Collections.unmodifiableMap(new LinkedHashMap<>(splits));
    }

    /** The baselines' scores on {@code split}, by baseline id; empty if the split was not scored. */
    public Map<String, SplitScores> split(String split) {
        return splits.getOrDefault(split, Map.of());
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static BaselineScores read(byte[] json) {
        return ArtifactJson.read(json, BaselineScores.class);
    }
}
