package org.inkflow.evaluator.scoring;

import java.util.List;
import java.util.Map;
import org.inkflow.evaluator.quality.SampleScore;
import org.inkflow.evaluator.quality.ScoreSummary;

/**
 * A colorizer's scores on one split: the summary, per-tag summaries (most frequent tags first), every sample's
 * scores in manifest order, the first samples for the report's grid and the worst ones by L1 (worst first).
 */
public record SplitResult(String colorizerId, String split, ScoreSummary summary, Map<String, ScoreSummary> byTag,
                          List<SampleScore> scores, List<ScoredExample> grid, List<ScoredExample> worst) {

    public SplitResult {
        byTag = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byTag));
        scores = List.copyOf(scores);
        grid = List.copyOf(grid);
        worst = List.copyOf(worst);
    }
}
