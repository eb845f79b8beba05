package org.inkflow.trainer.training;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.model.serving.HintMaps;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.training.TrainingGraph;
import org.inkflow.trainer.data.DecodedSample;
import org.inkflow.trainer.data.InputPipeline;
import org.inkflow.trainer.data.TrainingData;
import org.jboss.logging.Logger;

/**
 * Trains one model: pulls batches from the {@link InputPipeline}, runs Adam steps with the learning-rate schedule,
 * validates every {@code validateEvery} steps, stops early when validation stops improving, checkpoints every
 * {@code checkpointEvery} steps and at each new best, and reports everything to a {@link RunRecorder}. Resuming
 * from a checkpoint restores the weights, Adam's moments, the step and early stopping, so the run goes on as if it
 * had never stopped. Plain Java: no Quarkus, no Kafka.
 */
public final class TrainingLoop {

    private static final Logger LOG = Logger.getLogger(TrainingLoop.class);

    /** How a loop ended. */
    public enum Ending { COMPLETED, EARLY_STOPPED, STOPPED }

    /** Where to start from: a checkpoint's local prefix and its state. */
    public record Resume(Path prefix, CheckpointState state) {
    }

    /** The outcome: how it ended, the last checkpoint's state, the best validation step and loss, the time. */
    public record Outcome(Ending ending, CheckpointState last, long bestStep, double bestValidationLoss,
                          double trainLoss, double elapsedSeconds, double dataWaitSeconds) {
    }

    /** How many steps apart the per-layer diagnostics are taken by default (ADR 0038). */
    public static final int DIAGNOSTICS_EVERY = 50;

    /**
     * Service-level settings that are not hyperparameters (they do not change the result, only the speed).
     * {@code networkSamples}: validation samples for the pictures of the network at each validation (0 = none).
     * {@code diagnosticsEvery}: the per-layer diagnostics (gradient norms, weights, dead channels, update ratios) ride
     * on the first logged step of every {@code diagnosticsEvery} steps and on the last step ({@link #diagnosed}).
     */
    public record Settings(int tensorflowThreads, int decodeThreads, int prefetchBatches, int decodedCacheSize,
                           int previewSamples, Path workDir, int networkSamples, int diagnosticsEvery) {

        public Settings {
            if (diagnosticsEvery < 1) {
                throw new IllegalArgumentException("diagnosticsEvery must be >= 1; got " + diagnosticsEvery);
            }
        }

        /** Diagnostics every {@link #DIAGNOSTICS_EVERY} steps. */
        public Settings(int tensorflowThreads, int decodeThreads, int prefetchBatches, int decodedCacheSize,
                        int previewSamples, Path workDir, int networkSamples) {
            this(tensorflowThreads, decodeThreads, prefetchBatches, decodedCacheSize, previewSamples, workDir,
                    networkSamples, DIAGNOSTICS_EVERY);
        }

        /** Without pictures of the network. */
        public Settings(int tensorflowThreads, int decodeThreads, int prefetchBatches, int decodedCacheSize,
                        int previewSamples, Path workDir) {
            this(tensorflowThreads, decodeThreads, prefetchBatches, decodedCacheSize, previewSamples, workDir, 0);
        }
    }

    private final String runId;
    private final Hyperparameters h;
    private final TrainingData data;
    private final Settings settings;
    private final RunRecorder recorder;
    private final BooleanSupplier stopRequested;

    public TrainingLoop(String runId, Hyperparameters h, TrainingData data, Settings settings, RunRecorder recorder,
                        BooleanSupplier stopRequested) {
        this.runId = runId;
        this.h = h;
        this.data = data;
        this.settings = settings;
        this.recorder = recorder;
        this.stopRequested = stopRequested;
        int multiple = h.modelConfig().sizeMultiple();
        if (data.height() % multiple != 0 || data.width() % multiple != 0) {
            throw new TrainingFailedException("images are " + data.width() + "x" + data.height() + " but a depth-"
                    + h.depth() + " U-Net needs sizes that are multiples of " + multiple
                    + "; lower 'depth' or build the dataset at another imageSize");
        }
    }

    public int totalSteps() {
        return h.totalSteps(data.train().size());
    }

    public Outcome run(Optional<Resume> resume) {
        return run(resume, Optional.empty());
    }

    /**
     * Trains from {@code resume} when given, else from {@code initialWeights} (a model's weights for transfer
     * learning; the optimizer starts fresh) when given, else from the seeded initialization.
     */
    public Outcome run(Optional<Resume> resume, Optional<Path> initialWeights) {
        int total = totalSteps();
        LearningRateSchedule schedule = new LearningRateSchedule(h, total);
        EarlyStopping early = new EarlyStopping(h.earlyStoppingPatience(), h.earlyStoppingMinDelta());
        long step = 0;
        double elapsedBefore = 0;
        double trainLoss = Double.NaN;
        Double validationLoss = null;
        try (TrainingGraph graph = new TrainingGraph(h.graphOptions(data.normalization(), data.meanColor(),
                settings.tensorflowThreads()))) {
            if (resume.isPresent()) {
                graph.restore(resume.get().prefix());
                CheckpointState s = resume.get().state();
                step = s.step();
                elapsedBefore = s.elapsedSeconds();
                trainLoss = s.trainLoss();
                validationLoss = s.validationLoss();
                if (s.earlyStopping() != null) {
                    early.restore(s.earlyStopping());
                }
                double check = validationLoss(graph);
                LOG.infof("run %s resumes at step %d of %d: validation loss %.5f after the restore, %s at the checkpoint",
                        runId, step, total, check, validationLoss);
                recorder.resumed(step, check);
            } else if (initialWeights.isPresent()) {
                graph.loadWeights(initialWeights.get());
                LOG.infof("run %s starts from %s (frozen: %s): validation loss %.5f", runId, h.initFrom(),
                        h.freeze().isEmpty() ? "none" : h.freeze(), validationLoss(graph));
            }
            CheckpointState last = resume.map(Resume::state).orElse(null);
            long start = System.nanoTime();
            InputPipeline.Settings ps = new InputPipeline.Settings(h.batchSize(), h.seed(), h.flip(), h.maxShift(),
                    settings.decodeThreads(), settings.prefetchBatches(), settings.decodedCacheSize(), h.hints(),
                    h.hueRotation());
            try (InputPipeline pipeline = new InputPipeline(data.train(), data.source(), data.height(), data.width(),
                    ps, step)) {
                long windowStart = System.nanoTime();
                long windowSteps = 0;
                double samplesPerSecond = 0;
                double gradientNorm = Double.NaN;
                double lr = schedule.at(step);
                long epoch = resume.map(r -> r.state().epoch()).orElse(0L);
                NetworkSnapshots network = settings.networkSamples() > 0 && !data.validation().isEmpty()
                        ? new NetworkSnapshots(h.modelConfig(), data.validation().subList(0,
                                Math.min(settings.networkSamples(), data.validation().size())))
                        : null;
                while (step < total) {
                    if (stopRequested.getAsBoolean()) {
                        if (step > 0 && (last == null || last.step() < step)) {
                            // Where it stopped, so whoever resumes it (its partition's next owner) loses no step. No
                            // validation loss: this checkpoint is never taken for the best.
                            last = new CheckpointState(step, epoch, trainLoss, null, early.state(),
                                    elapsedBefore + seconds(start), false);
                            checkpoint(graph, last);
                        }
                        return new Outcome(Ending.STOPPED, last, early.bestStep(), early.best(), trainLoss,
                                elapsedBefore + seconds(start), pipeline.waitSeconds());
                    }
                    long stepStart = System.nanoTime();
                    InputPipeline.Batch batch = pipeline.next();
                    epoch = batch.epoch();
                    double waited = (System.nanoTime() - stepStart) / 1e9;
                    lr = schedule.at(step);
                    boolean logged = logged(step, total, h.logEvery());
                    // The per-layer fetches change the step's run (and what Grappler may fuse): only now and then.
                    boolean diagnosed = diagnosed(step, total, h.logEvery(), settings.diagnosticsEvery());
                    Map<String, float[]> before = diagnosed ? graph.kernels() : null;
                    TrainingGraph.StepResult r = graph.step(batch.lineArt(), batch.color(), batch.hints(), (float) lr, step,
                            diagnosed);
                    if (!Float.isFinite(r.loss()) || !Float.isFinite(r.gradientNorm())) {
                        recorder.step(new StepRecord(step, batch.epoch(), r.loss(), lr, r.gradientNorm(), 0, 0, 0, true, Map.of()));
                        throw new TrainingFailedException("the loss became " + r.loss() + " (gradient norm "
                                + r.gradientNorm() + ") at step " + step + "; lower 'learningRate' (now " + lr
                                + ") or set 'clipNorm'");
                    }
                    trainLoss = r.loss();
                    gradientNorm = r.gradientNorm();
                    windowSteps++;
                    Map<String, StepRecord.LayerRecord> layers = Map.of();
                    if (logged) {
                        double window = (System.nanoTime() - windowStart) / 1e9;
                        samplesPerSecond = window > 0 ? windowSteps * h.batchSize() / window : 0;
                        windowStart = System.nanoTime();
                        windowSteps = 0;
                        if (diagnosed) {
                            layers = layerRecords(r, before, graph.kernels());
                        }
                    }
                    step++;
                    recorder.step(new StepRecord(step, batch.epoch(), trainLoss, lr, gradientNorm,
                            (System.nanoTime() - stepStart) / 1e9, samplesPerSecond, waited, logged, layers));

                    boolean improved = false;
                    boolean validate = step % h.validateEvery() == 0 || step == total;
                    if (validate) {
                        validationLoss = validationLoss(graph);
                        improved = early.record(validationLoss, step);
                        recorder.validation(new ValidationRecord(step, batch.epoch(), trainLoss, validationLoss,
                                early.best(), improved, lr, gradientNorm, samplesPerSecond), preview(graph));
                        if (network != null) {
                            recorder.network(step, network.take(graph, step, batch.lineArt(), batch.color()));
                        }
                    }
                    boolean stopEarly = validate && early.shouldStop();
                    if (step % h.checkpointEvery() == 0 || improved || step == total || stopEarly) {
                        last = new CheckpointState(step, batch.epoch(), trainLoss, validationLoss, early.state(),
                                elapsedBefore + seconds(start), improved);
                        checkpoint(graph, last);
                    }
                    if (stopEarly) {
                        LOG.infof("run %s stops early at step %d: no validation improvement in %d validations (best %.5f at step %d)",
                                runId, step, h.earlyStoppingPatience(), early.best(), early.bestStep());
                        return new Outcome(Ending.EARLY_STOPPED, last, early.bestStep(), early.best(), trainLoss,
                                elapsedBefore + seconds(start), pipeline.waitSeconds());
                    }
                }
                return new Outcome(Ending.COMPLETED, last, early.bestStep(), early.best(), trainLoss,
                        elapsedBefore + seconds(start), pipeline.waitSeconds());
            }
        }
    }

    /** Whether 0-based {@code step} of {@code total} goes to the step log: every {@code logEvery}-th and the last. */
    static boolean logged(long step, long total, int logEvery) {
        return step % logEvery == 0 || step == total - 1;
    }

    /**
     * Whether 0-based {@code step} carries the per-layer diagnostics: the last step, and the first logged step at or
     * after each multiple of {@code every} (with {@code every <= logEvery}, every logged step). A function of the step
     * alone, so a resumed run diagnoses the steps an uninterrupted one would.
     */
    static boolean diagnosed(long step, long total, int logEvery, int every) {
        if (step == total - 1) {
            return true;
        }
        if (!logged(step, total, logEvery)) {
            return false;
        }
        long windowStart = step / every * every;
        long firstLogged = (windowStart + logEvery - 1) / logEvery * logEvery;
        return step == firstLogged;
    }

    private void checkpoint(TrainingGraph graph, CheckpointState state) {
        Path dir = settings.workDir().resolve(runId).resolve("step-" + state.step());
        Path prefix = dir.resolve(CheckpointFiles.PREFIX);
        try {
            graph.save(prefix);
            recorder.checkpoint(state, prefix);
        } finally {
            deleteDirectory(dir);
        }
    }

    private static Map<String, StepRecord.LayerRecord> layerRecords(TrainingGraph.StepResult r, Map<String, float[]> before,
                                                                    Map<String, float[]> after) {
        Map<String, StepRecord.LayerRecord> out = new LinkedHashMap<>();
        for (Map.Entry<String, TrainingGraph.LayerStats> e : r.layers().entrySet()) {
            float[] w0 = before.get(e.getKey());
            float[] w1 = after.get(e.getKey());
            double sum = 0;
            double sq = 0;
            double delta = 0;
            double norm = 0;
            for (int i = 0; i < w1.length; i++) {
                sum += w1[i];
                sq += (double) w1[i] * w1[i];
                double d = w1[i] - w0[i];
                delta += d * d;
                norm += (double) w0[i] * w0[i];
            }
            double mean = sum / w1.length;
            double std = Math.sqrt(Math.max(0, sq / w1.length - mean * mean));
            out.put(e.getKey(), new StepRecord.LayerRecord(e.getValue().gradientNorm(), mean, std,
                    e.getValue().deadRatio(), norm > 0 ? Math.sqrt(delta) / Math.sqrt(norm) : 0));
        }
        return out;
    }

    /**
     * The mean validation loss over the (capped) validation split, batch by batch, dropout off; a hint model is fed a
     * fixed sample of hints (the training mix: part of the samples without), the same at every validation.
     */
    double validationLoss(TrainingGraph graph) {
        double loss = evaluate(graph, data.validation(), h.batchSize(), graph.takesHints() ? h.seed() : null);
        if (graph.takesHints() && LOG.isDebugEnabled()) {
            LOG.debugf("run %s validation loss %.5f with hints, %.5f without", runId, loss,
                    evaluate(graph, data.validation(), h.batchSize()));
        }
        return loss;
    }

    /** The mean loss of {@code graph} over {@code samples}, batch by batch, dropout off (no hints). */
    public static double evaluate(TrainingGraph graph, List<DecodedSample> samples, int batchSize) {
        return evaluate(graph, samples, batchSize, null);
    }

    /**
     * As {@link #evaluate(TrainingGraph, List, int)}; with {@code hintSeed}, sample {@code i} gets the hints
     * {@link HintMaps#sample} draws for it from {@code mix(hintSeed, i)} (training's sampling, so part get none).
     */
    public static double evaluate(TrainingGraph graph, List<DecodedSample> samples, int batchSize, Long hintSeed) {
        double total = 0;
        int count = 0;
        for (int from = 0; from < samples.size(); from += batchSize) {
            List<DecodedSample> part = samples.subList(from, Math.min(samples.size(), from + batchSize));
            ImageBatch[] batch = stack(part);
            ImageBatch hints = hintSeed == null ? null : validationHints(part, from, hintSeed);
            total += graph.loss(batch[0], batch[1], hints) * part.size();
            count += part.size();
        }
        return total / count;
    }

    /** The validation hints of {@code samples}, the first being sample {@code first} of the split. */
    static ImageBatch validationHints(List<DecodedSample> samples, int first, long seed) {
        List<float[]> maps = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            DecodedSample s = samples.get(i);
            maps.add(HintMaps.sample(s.color(), s.height(), s.width(),
                    new java.util.SplittableRandom(HintMaps.mix(seed, first + i)), HintMaps.Sampling.training()));
        }
        return ImageBatch.stack(maps, samples.get(0).height(), samples.get(0).width(), 4);
    }

    public static ImageBatch[] stack(List<DecodedSample> samples) {
        DecodedSample first = samples.get(0);
        List<float[]> lines = new ArrayList<>();
        List<float[]> colors = new ArrayList<>();
        for (DecodedSample s : samples) {
            lines.add(s.lineArt());
            colors.add(s.color());
        }
        return new ImageBatch[] {
            ImageBatch.stack(lines, first.height(), first.width(), 1),
            ImageBatch.stack(colors, first.height(), first.width(), 3)
        };
    }

    /**
     * The loss of the trivial colorizer that copies the line art into R, G and B: a trained model must beat it.
     */
    public static double lineCopyBaseline(List<DecodedSample> samples, String loss) {
        double total = 0;
        long count = 0;
        for (DecodedSample s : samples) {
            for (int p = 0; p < s.lineArt().length; p++) {
                for (int c = 0; c < 3; c++) {
                    total += pixelLoss(s.lineArt()[p] - s.color()[p * 3 + c], loss);
                    count++;
                }
            }
        }
        return total / count;
    }

    /** One value's share of the reconstruction loss ({@code l1} or {@code mse}) for a prediction off by {@code d}. */
    public static double pixelLoss(double d, String loss) {
        return "mse".equals(loss) ? d * d : Math.abs(d);
    }

    /** Rows of input | prediction | target for the first validation samples. */
    BufferedImage preview(TrainingGraph graph) {
        List<DecodedSample> shown = data.validation().subList(0, Math.min(settings.previewSamples(), data.validation().size()));
        if (shown.isEmpty()) {
            return null;
        }
        ImageBatch[] batch = stack(shown);
        ImageBatch predicted = graph.predict(batch[0]);
        int w = data.width();
        int hgt = data.height();
        int gap = 2;
        BufferedImage sheet = new BufferedImage(3 * w + 2 * gap, shown.size() * (hgt + gap) - gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.GRAY);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            for (int i = 0; i < shown.size(); i++) {
                int y = i * (hgt + gap);
                g.drawImage(ImageArrays.fromGray(shown.get(i).lineArt(), w, hgt), 0, y, null);
                g.drawImage(ImageArrays.fromRgb(predicted.image(i), w, hgt), w + gap, y, null);
                g.drawImage(ImageArrays.fromRgb(shown.get(i).color(), w, hgt), 2 * (w + gap), y, null);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public static void deleteDirectory(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
