package org.inkflow.trainer.training;

/**
 * What a checkpoint records beside the weights and Adam's moments ({@code checkpoint.json}): the number of
 * completed steps, the losses then, early stopping's counters and the training time so far, so a resumed run
 * continues the same curve and clock.
 */
public record CheckpointState(
        long step,
        long epoch,
        double trainLoss,
        Double validationLoss,
        EarlyStopping.State earlyStopping,
        double elapsedSeconds,
        boolean best) {
}
