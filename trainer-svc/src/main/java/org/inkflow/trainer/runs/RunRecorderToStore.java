package org.inkflow.trainer.runs;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.inkflow.common.artifacts.TrainingMetricsLine;
import org.inkflow.common.events.TrainingProgress;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.trainer.metrics.TrainerMetrics;
import org.inkflow.trainer.training.CheckpointState;
import org.inkflow.trainer.training.RunRecorder;
import org.inkflow.trainer.training.StepRecord;
import org.inkflow.trainer.training.ValidationRecord;

/**
 * The service's {@link RunRecorder}: each step updates the run's status and Prometheus gauges; logged steps and
 * validations become {@code metrics.jsonl} lines (uploaded as a segment with each checkpoint, so what is in the
 * bucket always matches a checkpoint); each validation writes a preview PNG and a {@code training.progress} event;
 * each checkpoint is uploaded, old ones pruned and the status document saved (then an enabled {@link FaultInjection}
 * may halt the process).
 */
final class RunRecorderToStore implements RunRecorder {

    private final RunStatus status;
    private final int attempt;
    private final int keepCheckpoints;
    private final int keepBest;
    private final RunStore store;
    private final TrainerMetrics.RunMeters meters;
    private final Consumer<TrainingProgress> progress;
    private final FaultInjection faults;
    private final List<String> pending = new ArrayList<>();

    RunRecorderToStore(RunStatus status, int attempt, int keepCheckpoints, int keepBest, RunStore store,
                       TrainerMetrics.RunMeters meters,
                       Consumer<TrainingProgress> progress, FaultInjection faults) {
        this.status = status;
        this.attempt = attempt;
        this.keepCheckpoints = keepCheckpoints;
        this.keepBest = Math.max(1, keepBest);
        this.store = store;
        this.meters = meters;
        this.progress = progress;
        this.faults = faults;
    }

    @Override
    public void step(StepRecord r) {
        meters.step(r);
        synchronized (status) {
            status.step = r.step();
            status.epoch = r.epoch();
            status.trainLoss = finite(r.trainLoss());
            if (r.logged() && r.samplesPerSecond() > 0) {
                status.samplesPerSecond = r.samplesPerSecond();
            }
            status.updatedAt = Instant.now();
        }
        if (r.logged()) {
            pending.add(RunArtifacts.stepLine(r, Instant.now()).toJsonLine());
        }
    }

    @Override
    public void validation(ValidationRecord r, BufferedImage preview) {
        meters.validation(r);
        synchronized (status) {
            status.validationLoss = r.validationLoss();
            status.bestValidationLoss = r.bestValidationLoss();
            if (r.improved()) {
                status.bestStep = r.step();
            }
        }
        pending.add(TrainingMetricsLine.validation(r.step(), r.epoch(), r.trainLoss(), r.validationLoss(),
                r.bestValidationLoss(), r.improved(), Instant.now()).toJsonLine());
        if (preview != null) {
            store.putSample(status.id, r.step(), ImageArrays.encodePng(preview));
        }
        progress.accept(new TrainingProgress(TrainingProgress.SCHEMA_VERSION, status.id, RunState.RUNNING.name(),
                r.step(), (int) r.epoch(), r.trainLoss(), r.validationLoss(), r.learningRate(), r.gradientNorm(),
                r.samplesPerSecond(), Instant.now()));
    }

    @Override
    public void network(long step, java.util.Map<String, byte[]> pictures) {
        pictures.forEach((file, png) -> store.putNetworkPicture(status.id, step, file, png));
    }

    @Override
    public void resumed(long step, double validationLoss) {
        synchronized (status) {
            status.resumedAtStep = step;
            status.resumedValidationLoss = validationLoss;
        }
        pending.add(TrainingMetricsLine.resume(step, attempt, validationLoss, Instant.now()).toJsonLine());
    }

    @Override
    public void checkpoint(CheckpointState state, Path prefix) {
        String key = store.putCheckpoint(status.id, attempt, state, prefix);
        store.putMetricsSegment(status.id, attempt, state.step(), pending);
        pending.clear();
        meters.checkpointed(Instant.now().toEpochMilli() / 1000.0);
        synchronized (status) {
            status.latestCheckpoint = key;
            if (state.best()) {
                status.bestCheckpoint = key;
            }
        }
        store.prune(status.id, keepCheckpoints, keepBest);
        store.save(status);
        faults.afterCheckpoint(status.id, state.step());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
