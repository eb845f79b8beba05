package org.inkflow.evaluator.scoring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.inkflow.common.artifacts.SplitScores;
import org.inkflow.evaluator.quality.ScoreSummary;

/**
 * The one mapping between a {@link SplitResult}'s summaries and the stored {@link SplitScores} (cached scores,
 * baseline scores): the summary as {@code {metric: value}} and the same per tag, most frequent tags first.
 */
public final class StoredScores {

    private StoredScores() {
    }

    public static SplitScores of(SplitResult result) {
        Map<String, Map<String, Double>> tags = new LinkedHashMap<>();
        result.byTag().entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue().count(), a.getValue().count()) != 0
                        ? Integer.compare(b.getValue().count(), a.getValue().count())
                        : a.getKey().compareTo(b.getKey()))
                .forEach(e -> tags.put(e.getKey(), e.getValue().toMap()));
        return new SplitScores(result.summary().toMap(), tags);
    }

    public static ScoreSummary summary(SplitScores scores) {
        return ScoreSummary.fromMap(scores.summary());
    }

    /** Per-tag summaries in stored order (most frequent tags first). */
    public static Map<String, ScoreSummary> tags(SplitScores scores) {
        Map<String, ScoreSummary> out = new LinkedHashMap<>();
        scores.byTag().forEach((tag, values) -> out.put(tag, ScoreSummary.fromMap(values)));
        return out;
    }
}
