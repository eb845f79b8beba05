package org.inkflow.evaluator.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.inkflow.common.artifacts.EvaluationStatus;
import org.inkflow.common.artifacts.InvalidArtifactException;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.events.ModelEvaluation.GateCheck;

/**
 * What the evaluator knows of one model version, stored as {@code evaluations/<name>/<version>/status.json}:
 * its state, where it is, what it was trained and scored on, its scores per split ({@code metrics.validation.l1},
 * also {@code metrics["baseline:line-copy/validation"]} and {@code metrics["production:<v>/validation"]}), the
 * gate checks, the report, and how many times its evaluation has started ({@code attempts}).
 */
public record ModelVersion(
        String modelName,
        String version,
        VersionState state,
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

    public ModelVersion {
        members = members == null ? List.of() : List.copyOf(members);
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    public static String statusKey(String modelName, String version) {
        return Keys.evaluationStatus(modelName, version);
    }

    /** The version as its stored {@link EvaluationStatus} document. */
    public EvaluationStatus toStatus() {
        return new EvaluationStatus(EvaluationStatus.SCHEMA_VERSION, modelName, version, state.name(), location, runId,
                datasetName, datasetVersion, members, metrics, checks, reportKey, error, attempts, receivedAt, evaluatedAt);
    }

    /** A stored status document as a version; fails on a state this service does not know. */
    public static ModelVersion fromStatus(EvaluationStatus s) {
        VersionState state;
        try {
            state = VersionState.valueOf(s.state());
        } catch (IllegalArgumentException e) {
            throw new InvalidArtifactException("unknown state '" + s.state() + "' in the status of " + s.modelName()
                    + "/" + s.version() + "; expected one of " + java.util.Arrays.toString(VersionState.values()));
        }
        return new ModelVersion(s.modelName(), s.version(), state, s.location(), s.runId(), s.datasetName(),
                s.datasetVersion(), s.members(), s.metrics(), s.checks(), s.reportKey(), s.error(), s.attempts(), s.receivedAt(),
                s.evaluatedAt());
    }

    public boolean ensemble() {
        return !members.isEmpty();
    }

    public ModelVersion withState(VersionState newState, String newError) {
        return new ModelVersion(modelName, version, newState, location, runId, datasetName, datasetVersion, members,
                metrics, checks, reportKey, newError, attempts, receivedAt, evaluatedAt);
    }

    public ModelVersion withAttempts(int newAttempts) {
        return new ModelVersion(modelName, version, state, location, runId, datasetName, datasetVersion, members,
                metrics, checks, reportKey, error, newAttempts, receivedAt, evaluatedAt);
    }

    /** The version's validation value of {@code metric}, NaN when not scored. */
    public double validation(String metric) {
        Double v = metrics.getOrDefault("validation", Map.of()).get(metric);
        return v == null ? Double.NaN : v;
    }
}
