package org.inkflow.common.events;

import java.time.Instant;
import java.util.Map;

/**
 * A training run to start ({@link Topics#TRAINING_REQUESTS}, key {@code runId}) on a dataset version, with
 * hyperparameters, or a search over them ({@code search}: {@code {"strategy": "grid"|"random", "trials": n,
 * "space": {"learningRate": [...], ...}}}).
 */
public record TrainingRequested(
        Integer schemaVersion,
        String runId,
        String datasetName,
        String datasetVersion,
        String modelName,
        Map<String, Object> hyperparameters,
        Map<String, Object> search,
        Instant requestedAt) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public TrainingRequested {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, TrainingRequested.class);
        Event.require(runId, "runId", TrainingRequested.class);
        Event.require(datasetName, "datasetName", TrainingRequested.class);
        Event.require(datasetVersion, "datasetVersion", TrainingRequested.class);
        EventFields.name(runId, "runId", TrainingRequested.class);
        EventFields.name(datasetName, "datasetName", TrainingRequested.class);
        EventFields.name(datasetVersion, "datasetVersion", TrainingRequested.class);
        EventFields.optionalName(modelName, "modelName", TrainingRequested.class);
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
    }

    @Override
    public String key() {
        return runId;
    }
}
