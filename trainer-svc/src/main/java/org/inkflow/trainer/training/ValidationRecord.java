package org.inkflow.trainer.training;

/** A validation pass: the loss on the validation split after {@code step} steps, and whether it is a new best. */
public record ValidationRecord(long step, long epoch, double trainLoss, double validationLoss, double bestValidationLoss,
                               boolean improved, double learningRate, double gradientNorm, double samplesPerSecond) {
}
