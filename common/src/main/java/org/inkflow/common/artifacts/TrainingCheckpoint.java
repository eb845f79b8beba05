package org.inkflow.common.artifacts;

/**
 * {@code runs/<runId>/checkpoints/step-<n>/checkpoint.json}, what a checkpoint records beside TensorFlow's variable
 * files: completed steps, the losses then, early stopping's counters and the training time so far, so a resumed
 * run continues the same curve and clock. Written last, so a checkpoint without it is incomplete. Trainer only.
 */
public record TrainingCheckpoint(
        Integer schemaVersion,
        Long step,
        long epoch,
        double trainLoss,
        Double validationLoss,
        EarlyStopping earlyStopping,
        double elapsedSeconds,
        boolean best) {

    public static final int SCHEMA_VERSION = 1;

    /** Early stopping's counters: the best validation loss so far (Infinity before the first), its step, and
     * how many validations since did not improve on it. */
    public record EarlyStopping(double best, long bestStep, int validationsWithoutImprovement) {
    }

    public TrainingCheckpoint {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, TrainingCheckpoint.class);
        ArtifactJson.require(step, "step", TrainingCheckpoint.class);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static TrainingCheckpoint read(byte[] json) {
        return ArtifactJson.read(json, TrainingCheckpoint.class);
    }
}
