package org.inkflow.common.artifacts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.inkflow.common.events.EventJson;

/**
 * One line of {@code runs/<runId>/metrics.jsonl} (and of its segments {@code runs/<runId>/metrics/*.jsonl}), one
 * compact JSON object a line. {@code type} says which fields it has: {@code step} (a logged training step: losses,
 * learning rate, gradient norm, throughput, per-layer {@code layers}), {@code validation} (validation loss, best so
 * far, whether it improved) or {@code resume} (the attempt that resumed at {@code step} and its validation loss).
 * Written by the trainer; the evaluator's report draws its curves from the file.
 */
public record TrainingMetricsLine(
        Integer schemaVersion,
        String type,
        Long step,
        Long epoch,
        Integer attempt,
        Double trainLoss,
        Double learningRate,
        Double gradientNorm,
        Double samplesPerSecond,
        Double stepSeconds,
        Double dataWaitSeconds,
        Double validationLoss,
        Double bestValidationLoss,
        Boolean improved,
        Map<String, Layer> layers,
        Instant at) {

    public static final int SCHEMA_VERSION = 1;
    public static final String STEP = "step";
    public static final String VALIDATION = "validation";
    public static final String RESUME = "resume";

    /** A layer's numbers at a logged step. */
    public record Layer(double gradientNorm, double weightMean, double weightStd, double deadRatio, double updateRatio) {
    }

    public TrainingMetricsLine {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, TrainingMetricsLine.class);
        ArtifactJson.require(type, "type", TrainingMetricsLine.class);
        ArtifactJson.require(step, "step", TrainingMetricsLine.class);
    }

    /** A logged training step. */
    public static TrainingMetricsLine step(long step, long epoch, Double trainLoss, double learningRate,
                                           Double gradientNorm, double samplesPerSecond, double stepSeconds,
                                           double dataWaitSeconds, Map<String, Layer> layers, Instant at) {
        return new TrainingMetricsLine(SCHEMA_VERSION, STEP, step, epoch, null, trainLoss, learningRate, gradientNorm,
                samplesPerSecond, stepSeconds, dataWaitSeconds, null, null, null, layers, at);
    }

    /** A validation pass. */
    public static TrainingMetricsLine validation(long step, long epoch, double trainLoss, double validationLoss,
                                                 double bestValidationLoss, boolean improved, Instant at) {
        return new TrainingMetricsLine(SCHEMA_VERSION, VALIDATION, step, epoch, null, trainLoss, null, null, null, null,
                null, validationLoss, bestValidationLoss, improved, null, at);
    }

    /** An attempt that resumed from a checkpoint at {@code step}. */
    public static TrainingMetricsLine resume(long step, int attempt, double validationLoss, Instant at) {
        return new TrainingMetricsLine(SCHEMA_VERSION, RESUME, step, null, attempt, null, null, null, null, null, null,
                validationLoss, null, null, null, at);
    }

    /** The line as stored: compact JSON without a line break. */
    public String toJsonLine() {
        return EventJson.write(this);
    }

    public static TrainingMetricsLine read(String line) {
        return ArtifactJson.read(line.getBytes(StandardCharsets.UTF_8), TrainingMetricsLine.class);
    }
}
