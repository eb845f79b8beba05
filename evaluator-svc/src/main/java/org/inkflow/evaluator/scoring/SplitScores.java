package org.inkflow.evaluator.scoring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.inkflow.evaluator.quality.ScoreSummary;

/**
 * The numbers of a {@link SplitResult} in the JSON shape stored in S3 and carried by events: the summary as
 * {@code {metric: value}} and the same per tag.
 */
public record SplitScores(Map<String, Double> summary, Map<String, Map<String, Double>> byTag) {

    public SplitScores {
        summary = summary == null ? Map.of() : new LinkedHashMap<>(summary);
        byTag = byTag == null ? Map.of() : new LinkedHashMap<>(byTag);
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

    public ScoreSummary toSummary() {
        return ScoreSummary.fromMap(summary);
    }

    /** Per-tag summaries in stored order (most frequent tags first). */
    public Map<String, ScoreSummary> tagSummaries() {
        Map<String, ScoreSummary> out = new LinkedHashMap<>();
        byTag.forEach((tag, values) -> out.put(tag, ScoreSummary.fromMap(values)));
        return out;
    }
}
