package org.inkflow.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The evaluator's recorded decision on a candidate ({@link Topics#MODELS_EVALUATIONS}, key {@code modelName}):
 * the metrics per split, each gate check with its value, and whether the model is blessed.
 */
public record ModelEvaluation(
        Integer schemaVersion,
        String modelName,
        String version,
        boolean blessed,
        Map<String, Map<String, Double>> metrics,
        List<GateCheck> checks,
        String reportKey,
        Instant evaluatedAt) implements Event {

    public static final int SCHEMA_VERSION = 1;

    /** One gate: the metric, what it was compared with, the measured and the required value. */
    public record GateCheck(String name, String metric, double value, double threshold, boolean passed, String detail) {
    }

    public ModelEvaluation {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, ModelEvaluation.class);
        Event.require(modelName, "modelName", ModelEvaluation.class);
        Event.require(version, "version", ModelEvaluation.class);
        EventFields.name(modelName, "modelName", ModelEvaluation.class);
        EventFields.name(version, "version", ModelEvaluation.class);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    @Override
    public String key() {
        return modelName;
    }
}
