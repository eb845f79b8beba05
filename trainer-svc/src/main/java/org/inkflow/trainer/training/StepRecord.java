package org.inkflow.trainer.training;

import java.util.Map;

/**
 * One training step as reported: losses, learning rate, global gradient norm, throughput over the last logging
 * window, and on logged steps ({@code logged}) per-layer diagnostics.
 */
public record StepRecord(
        long step,
        long epoch,
        double trainLoss,
        double learningRate,
        double gradientNorm,
        double stepSeconds,
        double samplesPerSecond,
        double dataWaitSeconds,
        boolean logged,
        Map<String, LayerRecord> layers) {

    /** A layer's numbers at a logged step. */
    public record LayerRecord(double gradientNorm, double weightMean, double weightStd, double deadRatio,
                              double updateRatio) {
    }
}
