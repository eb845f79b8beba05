package org.inkflow.trainer.runs;

import java.util.ArrayList;
import java.util.Arrays;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inkflow.common.artifacts.InvalidArtifactException;
import org.inkflow.common.artifacts.TrainingCheckpoint;
import org.inkflow.common.artifacts.TrainingMetricsLine;
import org.inkflow.common.artifacts.TrainingRunStatus;
import org.inkflow.trainer.training.CheckpointState;
import org.inkflow.trainer.training.EarlyStopping;
import org.inkflow.trainer.training.StepRecord;

/**
 * The one place the run's domain types meet their stored form: the mutable {@link RunStatus} and the
 * {@link CheckpointState} map to and from the common records {@link TrainingRunStatus} and
 * {@link TrainingCheckpoint}, which {@link RunStore} reads and writes; a logged {@link StepRecord} becomes a
 * {@link TrainingMetricsLine}.
 */
final class RunArtifacts {

    private RunArtifacts() {
    }

    /** The stored form of a status; the caller holds the status's monitor so the copy is consistent. */
    static TrainingRunStatus toRecord(RunStatus s) {
        List<TrainingRunStatus.Trial> trials = s.trials == null ? List.of() : s.trials.stream()
                .map(t -> new TrainingRunStatus.Trial(t.runId(), t.overrides(), t.state(), t.bestValidationLoss(),
                        t.bestStep(), t.error()))
                .toList();
        return new TrainingRunStatus(TrainingRunStatus.SCHEMA_VERSION, s.id, s.parentId,
                s.state == null ? null : s.state.name(), s.datasetName, s.datasetVersion, s.modelName,
                s.hyperparameters, s.search, trials, s.bestTrial, s.step, s.totalSteps, s.epoch, s.trainLoss,
                s.validationLoss, s.bestValidationLoss, s.bestStep, s.baselineLoss, s.samplesPerSecond,
                s.resumedAtStep, s.resumedValidationLoss, s.latestCheckpoint, s.bestCheckpoint, s.modelVersion,
                s.modelLocation, s.device, s.error, s.attempts, s.createdAt, s.startedAt, s.updatedAt, s.finishedAt,
                s.mode, rangeTest(s.learningRateRange), s.initializedFrom);
    }

    static RunStatus fromRecord(TrainingRunStatus r) {
        RunStatus s = new RunStatus();
        s.id = r.id();
        s.parentId = r.parentId();
        s.state = state(r.state());
        s.datasetName = r.datasetName();
        s.datasetVersion = r.datasetVersion();
        s.modelName = r.modelName();
        s.hyperparameters = r.hyperparameters();
        s.search = r.search();
        s.trials = new ArrayList<>();
        for (TrainingRunStatus.Trial t : r.trials()) {
            s.trials.add(new RunStatus.Trial(t.runId(), t.overrides(), t.state(), t.bestValidationLoss(),
                    t.bestStep(), t.error()));
        }
        s.bestTrial = r.bestTrial();
        s.step = r.step();
        s.totalSteps = r.totalSteps();
        s.epoch = r.epoch();
        s.trainLoss = r.trainLoss();
        s.validationLoss = r.validationLoss();
        s.bestValidationLoss = r.bestValidationLoss();
        s.bestStep = r.bestStep();
        s.baselineLoss = r.baselineLoss();
        s.samplesPerSecond = r.samplesPerSecond();
        s.resumedAtStep = r.resumedAtStep();
        s.resumedValidationLoss = r.resumedValidationLoss();
        s.latestCheckpoint = r.latestCheckpoint();
        s.bestCheckpoint = r.bestCheckpoint();
        s.modelVersion = r.modelVersion();
        s.modelLocation = r.modelLocation();
        s.device = r.device();
        s.error = r.error();
        s.attempts = r.attempts();
        s.createdAt = r.createdAt();
        s.startedAt = r.startedAt();
        s.updatedAt = r.updatedAt();
        s.finishedAt = r.finishedAt();
        s.mode = r.mode();
        TrainingRunStatus.RangeTest t = r.learningRateRange();
        s.learningRateRange = t == null ? null : new RunStatus.RangeTest(t.suggestedLearningRate(),
                t.minLossLearningRate(), t.divergedAtLearningRate(), t.steps(), t.note(), t.points(), t.plot());
        s.initializedFrom = r.initializedFrom();
        return s;
    }

    private static TrainingRunStatus.RangeTest rangeTest(RunStatus.RangeTest t) {
        return t == null ? null : new TrainingRunStatus.RangeTest(t.suggestedLearningRate(), t.minLossLearningRate(),
                t.divergedAtLearningRate(), t.steps(), t.note(), t.points(), t.plot());
    }

    static TrainingCheckpoint toRecord(CheckpointState c) {
        EarlyStopping.State e = c.earlyStopping();
        return new TrainingCheckpoint(TrainingCheckpoint.SCHEMA_VERSION, c.step(), c.epoch(), c.trainLoss(),
                c.validationLoss(),
                e == null ? null : new TrainingCheckpoint.EarlyStopping(e.best(), e.bestStep(), e.validationsWithoutImprovement()),
                c.elapsedSeconds(), c.best());
    }

    static CheckpointState fromRecord(TrainingCheckpoint r) {
        TrainingCheckpoint.EarlyStopping e = r.earlyStopping();
        return new CheckpointState(r.step(), r.epoch(), r.trainLoss(), r.validationLoss(),
                e == null ? null : new EarlyStopping.State(e.best(), e.bestStep(), e.validationsWithoutImprovement()),
                r.elapsedSeconds(), r.best());
    }

    /** A logged step's metrics line; a non-finite loss or norm is left out rather than written as NaN. */
    static TrainingMetricsLine stepLine(StepRecord r, Instant at) {
        Map<String, TrainingMetricsLine.Layer> layers = null;
        // Only diagnosed steps carry layers (ADR 0038): the others' lines leave them out.
        if (r.layers() != null && !r.layers().isEmpty()) {
            layers = new LinkedHashMap<>();
            for (Map.Entry<String, StepRecord.LayerRecord> e : r.layers().entrySet()) {
                StepRecord.LayerRecord l = e.getValue();
                layers.put(e.getKey(), new TrainingMetricsLine.Layer(l.gradientNorm(), l.weightMean(), l.weightStd(),
                        l.deadRatio(), l.updateRatio()));
            }
        }
        return TrainingMetricsLine.step(r.step(), r.epoch(), finite(r.trainLoss()), r.learningRate(),
                finite(r.gradientNorm()), r.samplesPerSecond(), r.stepSeconds(), r.dataWaitSeconds(), layers, at);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static RunState state(String name) {
        try {
            return RunState.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidArtifactException("unknown state '" + name + "' in TrainingRunStatus; expected one of "
                    + Arrays.toString(RunState.values()), e);
        }
    }
}
