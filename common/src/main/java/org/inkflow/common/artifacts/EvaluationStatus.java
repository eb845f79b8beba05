package org.inkflow.common.artifacts;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inkflow.common.events.ModelEvaluation.GateCheck;

/**
 * {@code evaluations/<name>/<version>/status.json}: what the evaluator knows of one model version — its state
 * ({@code EVALUATING}, {@code BLESSED}, {@code REJECTED}, {@code FAILED}), where it is, what it was trained and
 * scored on, its scores by split ({@code metrics.validation.l1}, {@code metrics["baseline:line-copy/validation"]}),
 * the gate checks, the report and how many times its evaluation has started ({@code attempts}; absent = 0).
 * Rewritten as the evaluation goes on; written and read by the evaluator only.
 */
public record EvaluationStatus(
        Integer schemaVersion,
        String modelName,
        String version,
        String state,
        String location,
        String runId,
        String datasetName,
        String datasetVersion,
        List<String> members,
        Map<String, Map<String, Double>> metrics,
        List<GateCheck> checks,
        String reportKey,
        String error,
        int attempts,
        Instant receivedAt,
        Instant evaluatedAt) {

    public static final int SCHEMA_VERSION = 1;

    public EvaluationStatus {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, EvaluationStatus.class);
        ArtifactJson.require(modelName, "modelName", EvaluationStatus.class);
        ArtifactJson.require(version, "version", EvaluationStatus.class);
        ArtifactJson.require(state, "state", EvaluationStatus.class);
        members = members == null ? List.of() : List.copyOf(members);
        // Insertion order is the report's order (splits, then baselines, production, tags); Map.copyOf loses it.
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static EvaluationStatus read(byte[] json) {
        return ArtifactJson.read(json, EvaluationStatus.class);
    }
}
