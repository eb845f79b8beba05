package org.inkflow.evaluator.baseline;

import java.time.Instant;
import java.util.Map;
import org.inkflow.evaluator.scoring.SplitScores;

/**
 * Both baselines' scores on a dataset version, per split then per baseline id:
 * {@code splits.validation["line-copy"]}. Computed once per dataset version and stored beside the mean image.
 */
public record BaselineScores(String dataset, String version, String ssimWindow,
                             Map<String, Map<String, SplitScores>> splits, Instant computedAt) {

    public BaselineScores {
        splits = splits == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(splits));
    }

    /** The baselines' scores on {@code split}, by baseline id; empty if the split was not scored. */
    public Map<String, SplitScores> split(String split) {
        return splits.getOrDefault(split, Map.of());
    }
}
