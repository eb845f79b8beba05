package org.inkflow.evaluator.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.inkflow.common.events.ModelEvaluation.GateCheck;
import org.inkflow.evaluator.registry.ModelVersion;
import org.inkflow.evaluator.registry.VersionState;

/**
 * A model version as REST shows it: state (EVALUATING, BLESSED, REJECTED, FAILED), the aliases pointing at it,
 * its summary metrics per split, the gate checks and where the report is.
 */
public record VersionView(String name, String version, VersionState state, List<String> aliases, String location,
                          String runId, String datasetName, String datasetVersion, List<String> members,
                          Map<String, Map<String, Double>> metrics, List<GateCheck> checks, String reportUrl,
                          String error, Instant receivedAt, Instant evaluatedAt) {

    /** {@code full}: every metrics entry (baselines, production, per tag); otherwise the splits' summaries only. */
    public static VersionView of(ModelVersion v, Map<String, String> aliases, boolean full) {
        List<String> mine = aliases.entrySet().stream().filter(e -> e.getValue().equals(v.version()))
                .map(Map.Entry::getKey).sorted().toList();
        Map<String, Map<String, Double>> metrics = full ? v.metrics() : v.metrics().entrySet().stream()
                .filter(e -> !e.getKey().contains("/") && !e.getKey().contains(":"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        String report = v.reportKey() == null ? null : "/" + v.reportKey();
        return new VersionView(v.modelName(), v.version(), v.state(), mine, v.location(), v.runId(), v.datasetName(),
                v.datasetVersion(), v.members(), metrics, full ? v.checks() : v.checks().stream()
                .filter(c -> !c.passed()).toList(), report, v.error(), v.receivedAt(), v.evaluatedAt());
    }
}
