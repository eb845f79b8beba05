package org.inkflow.common.events;

import java.time.Instant;
import java.util.Map;

/**
 * A training run's record on {@link Topics#TRAINING_REQUESTS}, key {@code runId}: {@code action} {@value #RUN} (the
 * default, and what records written before the field had) asks for the run on a dataset version, with
 * hyperparameters, or a search over them ({@code search}: {@code {"strategy": "grid"|"random", "trials": n,
 * "space": {"learningRate": [...], ...}}}), and {@code mode} ({@code train}, the default, or {@code lr-range});
 * {@value #CANCEL} asks for it to be stopped and needs only the id. Both share the key, so a cancel lands on the
 * partition, and so at the replica, that owns the run (ADR 0028).
 */
public record TrainingRequested(
        Integer schemaVersion,
        String runId,
        String datasetName,
        String datasetVersion,
        String modelName,
        Map<String, Object> hyperparameters,
        Map<String, Object> search,
        Instant requestedAt,
        String mode,
        String action) implements Event {

    public static final int SCHEMA_VERSION = 1;
    public static final String RUN = "run";
    public static final String CANCEL = "cancel";

    public TrainingRequested {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, TrainingRequested.class);
        Event.require(runId, "runId", TrainingRequested.class);
        EventFields.name(runId, "runId", TrainingRequested.class);
        action = action == null ? RUN : action;
        if (!RUN.equals(action) && !CANCEL.equals(action)) {
            throw new InvalidEventException("unknown action '" + action + "' in TrainingRequested " + runId
                    + "; use '" + RUN + "' or '" + CANCEL + "'");
        }
        if (RUN.equals(action)) {
            Event.require(datasetName, "datasetName", TrainingRequested.class);
            Event.require(datasetVersion, "datasetVersion", TrainingRequested.class);
        }
        EventFields.optionalName(datasetName, "datasetName", TrainingRequested.class);
        EventFields.optionalName(datasetVersion, "datasetVersion", TrainingRequested.class);
        EventFields.optionalName(modelName, "modelName", TrainingRequested.class);
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
    }

    /** A run to start (the shape before {@code mode} and {@code action} were added). */
    public TrainingRequested(Integer schemaVersion, String runId, String datasetName, String datasetVersion,
                             String modelName, Map<String, Object> hyperparameters, Map<String, Object> search,
                             Instant requestedAt) {
        this(schemaVersion, runId, datasetName, datasetVersion, modelName, hyperparameters, search, requestedAt, null,
                RUN);
    }

    /** The record that stops run {@code runId} wherever it runs. */
    public static TrainingRequested cancel(String runId, Instant requestedAt) {
        return new TrainingRequested(SCHEMA_VERSION, runId, null, null, null, null, null, requestedAt, null, CANCEL);
    }

    public boolean isCancel() {
        return CANCEL.equals(action);
    }

    @Override
    public String key() {
        return runId;
    }
}
