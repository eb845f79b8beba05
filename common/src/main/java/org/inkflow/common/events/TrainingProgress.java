package org.inkflow.common.events;

import java.time.Instant;

/** A training run's progress ({@link Topics#TRAINING_PROGRESS}, key {@code runId}), one per reported step. */
public record TrainingProgress(
        Integer schemaVersion,
        String runId,
        String state,
        Long step,
        Integer epoch,
        Double trainLoss,
        Double validationLoss,
        Double learningRate,
        Double gradientNorm,
        Double samplesPerSecond,
        Instant at) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public TrainingProgress {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, TrainingProgress.class);
        Event.require(runId, "runId", TrainingProgress.class);
        Event.require(state, "state", TrainingProgress.class);
    }

    @Override
    public String key() {
        return runId;
    }
}
