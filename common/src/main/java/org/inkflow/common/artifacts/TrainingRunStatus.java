package org.inkflow.common.artifacts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code runs/<runId>/status.json}, the one object of a training run that is rewritten: the request, the state
 * ({@code QUEUED}, {@code RUNNING}, {@code COMPLETED}, {@code FAILED}, {@code STOPPED}), where training is, the
 * losses, checkpoints, the exported model, the attempts so far and, for a search, its trials. Written and read by
 * the trainer: any replica answers GET from it, and a run's next owner resumes from it (its {@code mode}, the
 * resolved hyperparameters, the range test and the transfer-learning source included, so a resumed attempt does what
 * the first one did).
 */
public record TrainingRunStatus(
        Integer schemaVersion,
        String id,
        String parentId,
        String state,
        String datasetName,
        String datasetVersion,
        String modelName,
        Map<String, Object> hyperparameters,
        Map<String, Object> search,
        List<Trial> trials,
        String bestTrial,
        long step,
        long totalSteps,
        long epoch,
        Double trainLoss,
        Double validationLoss,
        Double bestValidationLoss,
        Long bestStep,
        Double baselineLoss,
        Double samplesPerSecond,
        Long resumedAtStep,
        Double resumedValidationLoss,
        String latestCheckpoint,
        String bestCheckpoint,
        String modelVersion,
        String modelLocation,
        String device,
        String error,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        String mode,
        RangeTest learningRateRange,
        String initializedFrom) {

    public static final int SCHEMA_VERSION = 1;

    /** One trial of a search: its run id, hyperparameter overrides and result. */
    public record Trial(String runId, Map<String, Object> overrides, String state, Double bestValidationLoss,
                        Long bestStep, String error) {

        public Trial {
            ArtifactJson.require(runId, "trials[].runId", TrainingRunStatus.class);
            ArtifactJson.require(state, "trials[].state", TrainingRunStatus.class);
        }
    }

    /**
     * A learning-rate range test's result (a {@code lr-range} run's, or the one that resolved {@code learningRate:
     * "auto"}): the suggestion, the rate at the lowest loss, where it diverged, its steps, a note, and the keys of its
     * points and plot.
     */
    public record RangeTest(Double suggestedLearningRate, Double minLossLearningRate, Double divergedAtLearningRate,
                            int steps, String note, String points, String plot) {
    }

    /** The shape before {@code mode}, {@code learningRateRange} and {@code initializedFrom} (all null). */
    public TrainingRunStatus(Integer schemaVersion, String id, String parentId, String state, String datasetName,
                             String datasetVersion, String modelName, Map<String, Object> hyperparameters,
                             Map<String, Object> search, List<Trial> trials, String bestTrial, long step,
                             long totalSteps, long epoch, Double trainLoss, Double validationLoss,
                             Double bestValidationLoss, Long bestStep, Double baselineLoss, Double samplesPerSecond,
                             Long resumedAtStep, Double resumedValidationLoss, String latestCheckpoint,
                             String bestCheckpoint, String modelVersion, String modelLocation, String device,
                             String error, int attempts, Instant createdAt, Instant startedAt, Instant updatedAt,
                             Instant finishedAt) {
        this(schemaVersion, id, parentId, state, datasetName, datasetVersion, modelName, hyperparameters, search, trials,
                bestTrial, step, totalSteps, epoch, trainLoss, validationLoss, bestValidationLoss, bestStep,
                baselineLoss, samplesPerSecond, resumedAtStep, resumedValidationLoss, latestCheckpoint, bestCheckpoint,
                modelVersion, modelLocation, device, error, attempts, createdAt, startedAt, updatedAt, finishedAt, null,
                null, null);
    }

    public TrainingRunStatus {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, TrainingRunStatus.class);
        ArtifactJson.require(id, "id", TrainingRunStatus.class);
        ArtifactJson.require(state, "state", TrainingRunStatus.class);
        ArtifactJson.require(datasetName, "datasetName", TrainingRunStatus.class);
        ArtifactJson.require(datasetVersion, "datasetVersion", TrainingRunStatus.class);
        ArtifactJson.require(modelName, "modelName", TrainingRunStatus.class);
        ArtifactJson.require(createdAt, "createdAt", TrainingRunStatus.class);
        trials = trials == null ? List.of() : List.copyOf(trials);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static TrainingRunStatus read(byte[] json) {
        return ArtifactJson.read(json, TrainingRunStatus.class);
    }
}
