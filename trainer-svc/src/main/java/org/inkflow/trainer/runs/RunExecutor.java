package org.inkflow.trainer.runs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.inkflow.common.artifacts.AttemptCap;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.ModelCard;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.events.TrainingProgress;
import org.inkflow.common.storage.ContentHash;
import org.inkflow.model.training.Devices;
import org.inkflow.model.serving.ExportedModel;
import org.inkflow.model.training.SavedModelExporter;
import org.inkflow.model.training.TrainingGraph;
import org.inkflow.model.training.UNetModel;
import org.inkflow.trainer.data.DatasetLoader;
import org.inkflow.trainer.data.DatasetSnapshot;
import org.inkflow.trainer.metrics.TrainerMetrics;
import org.inkflow.trainer.search.SearchSpec;
import org.inkflow.trainer.training.Hyperparameters;
import org.inkflow.trainer.training.LearningRateRange;
import org.inkflow.trainer.training.LearningRateRangePlot;
import org.inkflow.trainer.training.LearningRateRangeRun;
import org.inkflow.trainer.training.SanityCheck;
import org.inkflow.trainer.data.TrainingData;
import org.inkflow.trainer.training.TrainingLoop;
import org.jboss.logging.Logger;

/**
 * Executes one run to its end: loads the dataset, runs the sanity check when asked, trains (resuming from the
 * latest checkpoint when an earlier attempt died), exports the best checkpoint as a SavedModel with its model card
 * to {@code models/<name>/<version>/} and announces the candidate. A search's trials are child runs, each put on its
 * own record through a {@link TrialDispatch} (so they train on whichever replicas own their partitions; without one,
 * one after another here); the search waits for them and exports the trial with the lowest validation loss. Paused ({@code shuttingDown}: its partition moved
 * or the service stops), a run checkpoints where it is, stays RUNNING and gets its attempt back. Plain Java, so a test can run it in a child
 * JVM and kill that JVM.
 */
public final class RunExecutor {

    private static final Logger LOG = Logger.getLogger(RunExecutor.class);
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * Settings that are not hyperparameters; {@code attempts} caps how often a run may start without finishing;
     * {@code faults} is off except in fault tests.
     */
    public record Settings(TrainingLoop.Settings loop, String codeVersion, AttemptCap attempts, FaultInjection faults) {

        public Settings(TrainingLoop.Settings loop, String codeVersion, AttemptCap attempts) {
            this(loop, codeVersion, attempts, FaultInjection.OFF);
        }
    }

    /** The range test's ramp, as fastai's lr_find: from 1e-7 to 10. */
    static final double RANGE_MIN_LR = 1e-7;
    static final double RANGE_MAX_LR = 10;

    private final RunStore store;
    private final DatasetLoader datasets;
    private final TrainerMetrics metrics;
    private final Consumer<TrainingProgress> progress;
    private final Consumer<ModelCandidate> candidates;
    private final Settings settings;
    private final TrialDispatch trials;
    /** How often a search whose trials train elsewhere reads their statuses. */
    static final long TRIAL_POLL_MILLIS = 500;

    public RunExecutor(RunStore store, DatasetLoader datasets, TrainerMetrics metrics, Consumer<TrainingProgress> progress,
                       Consumer<ModelCandidate> candidates, Settings settings) {
        this(store, datasets, metrics, progress, candidates, settings, null);
    }

    /** With {@code trials}, a search puts each trial on its own record and collects the results from S3. */
    public RunExecutor(RunStore store, DatasetLoader datasets, TrainerMetrics metrics, Consumer<TrainingProgress> progress,
                       Consumer<ModelCandidate> candidates, Settings settings, TrialDispatch trials) {
        this.trials = trials;
        this.store = store;
        this.datasets = datasets;
        this.metrics = metrics;
        this.progress = progress;
        this.candidates = candidates;
        this.settings = settings;
    }

    /** Whether a search sends its trials out as records (and only waits for them) instead of training them itself. */
    public boolean dispatchesTrials() {
        return trials != null;
    }

    /** The model version a run exports: its creation time and a short hash of its id (sortable, unique). */
    public static String modelVersion(String runId, Instant createdAt) {
        return "v" + VERSION_TIME.format(createdAt) + "-" + ContentHash.sha256(runId.getBytes()).substring(0, 6);
    }

    /**
     * Runs {@code status} until it completes, fails or is stopped. {@code stop} answers whether a person asked to
     * stop a run id; {@code shuttingDown} whether the service is going down (then the run stays RUNNING, to resume).
     */
    public void execute(RunStatus status, Predicate<String> stop, java.util.function.BooleanSupplier shuttingDown) {
        metrics.runStarted();
        TrainerMetrics.RunMeters meters = metrics.run(status.id);
        try {
            Optional<String> exhausted;
            synchronized (status) {
                exhausted = settings.attempts().exhausted(status.attempts, status.error);
            }
            if (exhausted.isPresent()) {
                // A run that killed the process on each of its starts would otherwise crash-loop the service.
                LOG.errorf("run %s is not resumed: %s", status.id, exhausted.get());
                finish(status, RunState.FAILED, exhausted.get());
                return;
            }
            synchronized (status) {
                status.state = RunState.RUNNING;
                // Counted and saved before any work, so an attempt that kills the process still counts.
                status.attempts++;
                status.startedAt = status.startedAt == null ? Instant.now() : status.startedAt;
                status.device = Devices.describe();
                status.error = null;
            }
            meters.state(RunState.RUNNING.name());
            store.save(status);
            emit(status);
            LOG.infof("run %s (attempt %d) trains on %s", status.id, status.attempts, status.device);
            if (status.rangeTestOnly()) {
                rangeTestOnly(status, stop, shuttingDown);
            } else if (status.searchRun()) {
                search(status, stop, shuttingDown);
            } else {
                // A search's trial exports nothing: the search exports its winner as the one candidate (before
                // this, every trial announced a candidate too, so the evaluator scored and promoted trials).
                single(status, status.parentId == null, stop, shuttingDown);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s failed", status.id);
            finish(status, RunState.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            meters.state(status.state.name());
            metrics.runEnded();
        }
    }

    /** A run of mode lr-range: the range test on the run's model and data, its result and plot, no model. */
    private void rangeTestOnly(RunStatus status, Predicate<String> stop, java.util.function.BooleanSupplier down) {
        Hyperparameters h = Hyperparameters.parse(status.hyperparameters);
        TrainingData data = datasets.prepare(datasets.snapshot(status.datasetName, status.datasetVersion));
        if (rangeTest(status, h, data, stop, down).isPresent()) {
            finish(status, RunState.COMPLETED, null);
        } else {
            endStopped(status, down);
        }
    }

    /**
     * Runs the learning-rate range test for {@code status} and records it (status, points and plot in S3); empty
     * when it was stopped before the end (a person's stop or the service going down).
     */
    private Optional<RunStatus.RangeTest> rangeTest(RunStatus status, Hyperparameters h, TrainingData data,
                                                    Predicate<String> stop, java.util.function.BooleanSupplier down) {
        java.util.function.BooleanSupplier stopping = () -> stop.test(status.id)
                || (status.parentId != null && stop.test(status.parentId)) || down.getAsBoolean();
        LearningRateRange.Settings rs = new LearningRateRange.Settings(RANGE_MIN_LR, RANGE_MAX_LR, h.rangeTestSteps(),
                LearningRateRange.Settings.DEFAULT.smoothing(), LearningRateRange.Settings.DEFAULT.divergeFactor());
        synchronized (status) {
            status.totalSteps = rs.steps();
        }
        LearningRateRange.Result result = new LearningRateRangeRun(status.id, h, data, settings.loop(), stopping).run(rs);
        if (stopping.getAsBoolean()) {
            return Optional.empty();
        }
        byte[] points;
        byte[] plot;
        try {
            points = org.inkflow.common.events.EventJson.MAPPER.writeValueAsBytes(result);
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(LearningRateRangePlot.render(result, 720, 420), "png", png);
            plot = png.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the range test of run " + status.id, e);
        }
        store.putRangeTest(status.id, points, plot);
        RunStatus.RangeTest summary = new RunStatus.RangeTest(result.suggestedLearningRate(),
                result.minLossLearningRate(), result.divergedAtLearningRate(), result.points().size(), result.note(),
                Keys.runLearningRateRange(status.id), Keys.runLearningRateRangePlot(status.id));
        synchronized (status) {
            status.learningRateRange = summary;
            status.step = result.points().size();
        }
        store.save(status);
        return Optional.of(summary);
    }

    /** A stopped unit: paused (stays RUNNING, to resume) when the service goes down, else STOPPED. */
    private void endStopped(RunStatus status, java.util.function.BooleanSupplier down) {
        if (down.getAsBoolean()) {
            giveBackAttempt(status);
            LOG.infof("run %s pauses at step %d (its partition moved or the service stops); its next owner resumes it"
                    + " from its latest checkpoint", status.id, status.step);
            store.save(status);
        } else {
            finish(status, RunState.STOPPED, null);
        }
    }

    /**
     * An "auto" learning rate becomes the range test's suggestion (the default rate when the test could not
     * suggest one), saved in the status before training so that a resumed attempt trains at the same rate.
     * Empty when the test was stopped.
     */
    private Optional<Hyperparameters> resolveLearningRate(RunStatus status, Hyperparameters h, TrainingData data,
                                                          Predicate<String> stop, java.util.function.BooleanSupplier down) {
        if (!h.autoLearningRate()) {
            return Optional.of(h);
        }
        Optional<RunStatus.RangeTest> test = rangeTest(status, h, data, stop, down);
        if (test.isEmpty()) {
            return Optional.empty();
        }
        Double suggested = test.get().suggestedLearningRate();
        Hyperparameters resolved = h.withLearningRate(suggested != null ? suggested : h.learningRate());
        if (suggested == null) {
            LOG.warnf("run %s: the range test suggested no learning rate (%s); training at the default %s",
                    status.id, test.get().note(), h.learningRate());
        } else {
            LOG.infof("run %s: learningRate auto -> %.6f (range test; diverged at %s)", status.id, suggested,
                    test.get().divergedAtLearningRate());
        }
        synchronized (status) {
            status.hyperparameters = resolved.asMap();
            status.step = 0;
        }
        store.save(status);
        return Optional.of(resolved);
    }

    private void single(RunStatus status, boolean export, Predicate<String> stop, java.util.function.BooleanSupplier down) {
        Hyperparameters requested = Hyperparameters.parse(status.hyperparameters);
        DatasetSnapshot snapshot = datasets.snapshot(status.datasetName, status.datasetVersion);
        TrainingData data = datasets.prepare(snapshot);
        Optional<Hyperparameters> resolved = resolveLearningRate(status, requested, data, stop, down);
        if (resolved.isEmpty()) {
            endStopped(status, down);
            return;
        }
        Hyperparameters h = resolved.get();
        synchronized (status) {
            status.baselineLoss = TrainingLoop.lineCopyBaseline(data.validation(), h.loss());
        }
        Optional<RunStore.StoredCheckpoint> latest = store.latest(status.id);
        Path work = settings.loop().workDir().resolve(status.id).resolve("attempt-" + status.attempts);
        try {
            Optional<TrainingLoop.Resume> resume = Optional.empty();
            if (latest.isPresent()) {
                Path prefix = store.download(latest.get(), work.resolve("resume"));
                resume = Optional.of(new TrainingLoop.Resume(prefix, latest.get().state()));
            } else if (h.sanity()) {
                // Overfit the first training samples (decoded without augmentation).
                org.inkflow.trainer.data.SampleDecoder decoder = new org.inkflow.trainer.data.SampleDecoder(data.height(), data.width());
                List<org.inkflow.trainer.data.DecodedSample> first = new ArrayList<>();
                for (DatasetSnapshot.SampleRef ref : data.train().subList(0, Math.min(h.sanityBatchSize(), data.train().size()))) {
                    first.add(decoder.decode(data.source().fetch(ref), ref.sha256()));
                }
                SanityCheck.Result r = SanityCheck.run(h, data.normalization(), data.meanColor(), first,
                        settings.loop().tensorflowThreads());
                LOG.infof("run %s sanity check: loss %.5f -> %.5f in %d steps (%s)", status.id, r.initialLoss(),
                        r.finalLoss(), r.steps(), r.passed() ? "passed" : "FAILED");
                SanityCheck.require(r, h);
            }
            TrainingLoop loop = new TrainingLoop(status.id, h, data, settings.loop(),
                    new RunRecorderToStore(status, status.attempts, h.keepCheckpoints(), h.checkpointEnsemble(), store, metrics.run(status.id), progress,
                            settings.faults()),
                    () -> stop.test(status.id) || (status.parentId != null && stop.test(status.parentId))
                            || down.getAsBoolean());
            synchronized (status) {
                status.totalSteps = loop.totalSteps();
            }
            Optional<Path> initial = Optional.empty();
            if (resume.isEmpty() && h.initFrom() != null) {
                InitialModels models = new InitialModels(store.objects());
                InitialModels.Resolved start = models.resolve(h);
                initial = Optional.of(models.download(start, work.resolve("init")));
                synchronized (status) {
                    status.initializedFrom = start.location();
                }
            }
            TrainingLoop.Outcome outcome = loop.run(resume, initial);
            if (outcome.ending() == TrainingLoop.Ending.STOPPED) {
                endStopped(status, down);
                return;
            }
            long lastStep = outcome.last() == null ? status.step : outcome.last().step();
            store.writeMetricsFile(status.id, lastStep);
            synchronized (status) {
                status.bestValidationLoss = outcome.bestValidationLoss();
                status.bestStep = outcome.bestStep();
                status.trainLoss = outcome.trainLoss();
            }
            LOG.infof("run %s %s at step %d: best validation loss %.5f at step %d (line-copy baseline %.5f), %.1f s,"
                            + " %.1f samples/s, %.1f s waiting for data", status.id, outcome.ending(), lastStep,
                    outcome.bestValidationLoss(), outcome.bestStep(), status.baselineLoss, outcome.elapsedSeconds(),
                    status.samplesPerSecond == null ? 0 : status.samplesPerSecond, outcome.dataWaitSeconds());
            if (export) {
                exportModel(status, status, h, snapshot, data, outcome.elapsedSeconds());
                if (h.checkpointEnsemble() >= 2) {
                    exportCheckpointEnsemble(status, h, snapshot, data, outcome.elapsedSeconds());
                }
            }
            finish(status, RunState.COMPLETED, null);
        } finally {
            TrainingLoop.deleteDirectory(work);
        }
    }

    private void search(RunStatus parent, Predicate<String> stop, java.util.function.BooleanSupplier down) {
        Hyperparameters base = Hyperparameters.parse(parent.hyperparameters);
        List<Map<String, Object>> plan = SearchSpec.parse(parent.search).plan(base);
        boolean ended = trials == null ? searchHere(parent, plan, base, stop, down)
                : searchAcrossReplicas(parent, plan, base, stop, down);
        if (!ended) {
            return;
        }
        RunStatus.Trial best = parent.trials.stream()
                .filter(tr -> RunState.COMPLETED.name().equals(tr.state()) && tr.bestValidationLoss() != null)
                .min(java.util.Comparator.comparingDouble(RunStatus.Trial::bestValidationLoss)).orElse(null);
        if (best == null) {
            finish(parent, RunState.FAILED, "every trial of the search failed; see the trials' errors");
            return;
        }
        RunStatus winner = store.load(best.runId()).orElseThrow();
        LOG.infof("search %s: trial %s wins with validation loss %.5f", parent.id, best.runId(), best.bestValidationLoss());
        Hyperparameters h = Hyperparameters.parse(winner.hyperparameters);
        DatasetSnapshot snapshot = datasets.snapshot(parent.datasetName, parent.datasetVersion);
        TrainingData data = datasets.prepare(snapshot);
        synchronized (parent) {
            parent.bestTrial = winner.id;
            parent.bestValidationLoss = winner.bestValidationLoss;
            parent.bestStep = winner.bestStep;
            parent.trainLoss = winner.trainLoss;
            parent.validationLoss = winner.validationLoss;
            parent.baselineLoss = winner.baselineLoss;
            parent.step = winner.step;
            parent.totalSteps = winner.totalSteps;
            parent.bestCheckpoint = winner.bestCheckpoint;
            parent.samplesPerSecond = winner.samplesPerSecond;
        }
        exportModel(parent, winner, h, snapshot, data, 0);
        finish(parent, RunState.COMPLETED, null);
    }

    private RunStatus trialStatus(RunStatus parent, Hyperparameters base, Map<String, Object> overrides, int t) {
        String childId = parent.id + "-t" + (t + 1);
        RunStatus child = store.load(childId).orElse(null);
        if (child == null) {
            child = new RunStatus();
            child.id = childId;
            child.parentId = parent.id;
            child.state = RunState.QUEUED;
            child.datasetName = parent.datasetName;
            child.datasetVersion = parent.datasetVersion;
            child.modelName = parent.modelName;
            child.hyperparameters = base.with(overrides).asMap();
            child.createdAt = Instant.now();
            store.save(child);
        }
        return child;
    }

    /**
     * The trials one after another in this thread (no {@link TrialDispatch}); false when the search was paused
     * (its status saved, its attempt given back) or stopped (STOPPED) before they all ended.
     */
    private boolean searchHere(RunStatus parent, List<Map<String, Object>> plan, Hyperparameters base,
                               Predicate<String> stop, java.util.function.BooleanSupplier down) {
        for (int t = 0; t < plan.size(); t++) {
            RunStatus child = trialStatus(parent, base, plan.get(t), t);
            if (!child.state.terminal()) {
                if (stop.test(parent.id) || down.getAsBoolean()) {
                    break;
                }
                LOG.infof("search %s trial %d/%d: %s", parent.id, t + 1, plan.size(), plan.get(t));
                execute(child, stop, down);
            }
            recordTrial(parent, child, plan.get(t));
            if (child.state == RunState.STOPPED || stop.test(parent.id) || down.getAsBoolean()) {
                break;
            }
        }
        return searchGoesOn(parent, stop, down);
    }

    /**
     * Every trial on its own record ({@link TrialDispatch}), trained by whichever replica owns its partition; this
     * thread waits for their statuses in S3 to end and records each result as it comes. A resumed search sends the
     * records of its unfinished trials again (a trial is idempotent by id: one that ended is acknowledged and
     * ignored). A person's stop sends each unfinished trial a cancel. False when paused or stopped.
     */
    private boolean searchAcrossReplicas(RunStatus parent, List<Map<String, Object>> plan, Hyperparameters base,
                                         Predicate<String> stop, java.util.function.BooleanSupplier down) {
        Map<String, Map<String, Object>> pending = new java.util.LinkedHashMap<>();
        for (int t = 0; t < plan.size(); t++) {
            RunStatus child = trialStatus(parent, base, plan.get(t), t);
            if (child.state.terminal()) {
                recordTrial(parent, child, plan.get(t));
            } else {
                pending.put(child.id, plan.get(t));
                trials.runTrial(child);
            }
        }
        LOG.infof("search %s: %d of %d trials sent to the trainer replicas", parent.id, pending.size(), plan.size());
        while (!pending.isEmpty()) {
            if (stop.test(parent.id)) {
                pending.keySet().forEach(trials::cancelTrial);
                break;
            }
            if (down.getAsBoolean()) {
                break;
            }
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                Optional<RunStatus> child = store.load(entry.getKey());
                if (child.isPresent() && child.get().state != null && child.get().state.terminal()) {
                    recordTrial(parent, child.get(), entry.getValue());
                    it.remove();
                }
            }
            if (!pending.isEmpty()) {
                try {
                    Thread.sleep(TRIAL_POLL_MILLIS); // the trials train on other threads or replicas; S3 is the signal
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        synchronized (parent) {
            parent.trials.sort(java.util.Comparator.comparing(RunStatus.Trial::runId,
                    java.util.Comparator.comparingInt(String::length).thenComparing(java.util.Comparator.naturalOrder())));
        }
        return searchGoesOn(parent, stop, down);
    }

    /** After the trials: false (and the search paused or STOPPED) unless every trial had its chance to end. */
    private boolean searchGoesOn(RunStatus parent, Predicate<String> stop, java.util.function.BooleanSupplier down) {
        if (down.getAsBoolean() && !stop.test(parent.id)) {
            giveBackAttempt(parent);
            store.save(parent);
            return false;
        }
        if (stop.test(parent.id) || Thread.currentThread().isInterrupted()) {
            finish(parent, RunState.STOPPED, null);
            return false;
        }
        return true;
    }

    private void recordTrial(RunStatus parent, RunStatus child, Map<String, Object> overrides) {
        synchronized (parent) {
            parent.trials.removeIf(t -> t.runId().equals(child.id));
            parent.trials.add(new RunStatus.Trial(child.id, overrides, child.state.name(), child.bestValidationLoss,
                    child.bestStep, child.error));
            parent.step = parent.trials.size();
        }
        store.save(parent);
    }

    /** Exports {@code trained}'s best checkpoint as {@code owner}'s model version, then emits the candidate. */
    private void exportModel(RunStatus owner, RunStatus trained, Hyperparameters h, DatasetSnapshot snapshot,
                             TrainingData data, double trainingSeconds) {
        String name = owner.modelName;
        String version = owner.modelVersion != null ? owner.modelVersion : modelVersion(owner.id, owner.createdAt);
        String location = Keys.modelDir(name, version);
        RunStore.StoredCheckpoint best = store.best(trained.id).orElseThrow(() ->
                new IllegalStateException("run " + trained.id + " has no checkpoint to export"));
        Map<String, Double> cardMetrics = new HashMap<>();
        if (best.state().validationLoss() != null) {
            cardMetrics.put("valLoss", best.state().validationLoss());
        }
        cardMetrics.put("trainLoss", best.state().trainLoss());
        if (trained.baselineLoss != null) {
            cardMetrics.put("baselineLineCopyLoss", trained.baselineLoss);
        }
        if (trained.samplesPerSecond != null) {
            cardMetrics.put("samplesPerSecond", trained.samplesPerSecond);
        }
        if (!store.objects().exists(Keys.modelCard(name, version))) {
            if (!store.objects().list(location).isEmpty()) {
                // An earlier attempt died half-way through the upload: write a fresh version beside it.
                version = version + "-a" + owner.attempts;
                location = Keys.modelDir(name, version);
            }
            Path work = settings.loop().workDir().resolve(owner.id).resolve("export-" + owner.attempts);
            try (TrainingGraph graph = new TrainingGraph(h.graphOptions(data.normalization(), data.meanColor(),
                    settings.loop().tensorflowThreads()))) {
                graph.restore(store.download(best, work.resolve("checkpoint")));
                Map<String, Object> hyper = new java.util.LinkedHashMap<>(h.asMap());
                boolean averaged = graph.hasAveragedWeights() && averagedWeightsWin(owner, graph, h, data, cardMetrics);
                if (graph.hasAveragedWeights()) {
                    hyper.put("exportedWeights", averaged ? "ema" : "raw");
                }
                if (owner.searchRun()) {
                    hyper.put("search", owner.search);
                    hyper.put("bestTrial", trained.id);
                }
                ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, name, version, owner.id,
                        new ModelCard.DatasetRef(snapshot.name(), snapshot.version()), data.height(),
                        h.modelConfig().sizeMultiple(), UNetModel.parameterCount(h.modelConfig()),
                        h.modelConfig().describe(), hyper, h.seed(), cardMetrics,
                        new ModelCard.InputStats((double) data.normalization().mean(),
                                (double) data.normalization().std(), data.inputHistogram()),
                        snapshot.credits(), settings.codeVersion(), trainingSeconds, Instant.now());
                Path dir = work.resolve("model");
                SavedModelExporter.writeModel(graph, card, dir, averaged);
                upload(dir, location);
            } finally {
                TrainingLoop.deleteDirectory(work);
            }
        }
        synchronized (owner) {
            owner.modelVersion = version;
            owner.modelLocation = location;
        }
        store.save(owner);
        candidates.accept(new ModelCandidate(ModelCandidate.SCHEMA_VERSION, name, version, owner.id, location,
                snapshot.name(), snapshot.version(), data.height(), cardMetrics, List.of(), Instant.now()));
        LOG.infof("run %s exported %s (validation loss %s)", owner.id, location, cardMetrics.get("valLoss"));
    }

    /**
     * With {@code checkpointEnsemble} k: the run's k validated checkpoints with the lowest validation loss averaged in
     * one SavedModel ({@link SavedModelExporter#exportEnsemble}), exported as its own version {@code <version>-ckpt<k>}
     * beside the run's model and announced as a candidate, so the evaluator scores it like any model and it can be
     * promoted when blessed (serving it costs k forward passes). Its card's {@code valLoss} is the ensemble's on the
     * validation split, beside {@code valLossBestMember}.
     */
    private void exportCheckpointEnsemble(RunStatus status, Hyperparameters h, DatasetSnapshot snapshot, TrainingData data,
                                          double trainingSeconds) {
        List<RunStore.StoredCheckpoint> members = store.best(status.id, h.checkpointEnsemble());
        if (members.size() < 2) {
            LOG.warnf("run %s: %d validated checkpoint(s) kept, fewer than 2: no checkpoint ensemble", status.id,
                    members.size());
            return;
        }
        String name = status.modelName;
        String version = status.modelVersion + "-ckpt" + members.size();
        String location = Keys.modelDir(name, version);
        Map<String, Double> cardMetrics = new HashMap<>();
        if (!store.objects().exists(Keys.modelCard(name, version))) {
            Path work = settings.loop().workDir().resolve(status.id).resolve("ensemble-" + status.attempts);
            try {
                List<Path> prefixes = new ArrayList<>();
                for (int i = 0; i < members.size(); i++) {
                    prefixes.add(store.download(members.get(i), work.resolve("member" + i)));
                }
                cardMetrics.put("valLoss", ensembleValidationLoss(prefixes, h, data));
                cardMetrics.put("valLossBestMember", members.get(0).state().validationLoss());
                cardMetrics.put("trainLoss", members.get(0).state().trainLoss());
                if (status.baselineLoss != null) {
                    cardMetrics.put("baselineLineCopyLoss", status.baselineLoss);
                }
                Map<String, Object> hyper = new java.util.LinkedHashMap<>(h.asMap());
                hyper.put("ensembleOfSteps", members.stream().map(m -> m.state().step()).toList());
                ModelCard card = new ModelCard(ModelCard.SCHEMA_VERSION, name, version, status.id,
                        new ModelCard.DatasetRef(snapshot.name(), snapshot.version()), data.height(),
                        h.modelConfig().sizeMultiple(), members.size() * UNetModel.parameterCount(h.modelConfig()),
                        h.modelConfig().describe(), hyper, h.seed(), cardMetrics,
                        new ModelCard.InputStats((double) data.normalization().mean(),
                                (double) data.normalization().std(), data.inputHistogram()),
                        snapshot.credits(), settings.codeVersion(), trainingSeconds, Instant.now());
                Path dir = work.resolve("model");
                SavedModelExporter.exportEnsemble(prefixes, h.modelConfig(), data.normalization(),
                        dir.resolve(ExportedModel.SAVED_MODEL_DIR));
                card.write(dir.resolve(ExportedModel.MODEL_CARD));
                upload(dir, location);
            } finally {
                TrainingLoop.deleteDirectory(work);
            }
        } else {
            cardMetrics.putAll(ModelCard.read(store.objects().get(Keys.modelCard(name, version))).metrics());
        }
        candidates.accept(new ModelCandidate(ModelCandidate.SCHEMA_VERSION, name, version, status.id, location,
                snapshot.name(), snapshot.version(), data.height(), cardMetrics, List.of(), Instant.now()));
        LOG.infof("run %s exported the ensemble of its %d best checkpoints %s (validation loss %s, best member %s)",
                status.id, members.size(), location, cardMetrics.get("valLoss"), cardMetrics.get("valLossBestMember"));
    }

    /** The validation loss of the members' mean prediction, each member restored in turn into one graph. */
    private double ensembleValidationLoss(List<Path> prefixes, Hyperparameters h, TrainingData data) {
        List<org.inkflow.trainer.data.DecodedSample> samples = data.validation();
        float[][] sums = new float[samples.size()][];
        try (TrainingGraph graph = new TrainingGraph(h.graphOptions(data.normalization(), data.meanColor(),
                settings.loop().tensorflowThreads()))) {
            for (Path prefix : prefixes) {
                graph.restore(prefix);
                for (int from = 0; from < samples.size(); from += h.batchSize()) {
                    List<org.inkflow.trainer.data.DecodedSample> part = samples.subList(from,
                            Math.min(samples.size(), from + h.batchSize()));
                    org.inkflow.model.serving.ImageBatch predicted = graph.predict(TrainingLoop.stack(part)[0]);
                    for (int i = 0; i < part.size(); i++) {
                        float[] image = predicted.image(i);
                        if (sums[from + i] == null) {
                            sums[from + i] = image;
                        } else {
                            for (int p = 0; p < image.length; p++) {
                                sums[from + i][p] += image[p];
                            }
                        }
                    }
                }
            }
        }
        double total = 0;
        long count = 0;
        for (int i = 0; i < samples.size(); i++) {
            float[] target = samples.get(i).color();
            for (int p = 0; p < target.length; p++) {
                total += TrainingLoop.pixelLoss(sums[i][p] / prefixes.size() - target[p], h.loss());
                count++;
            }
        }
        return total / count;
    }

    /**
     * Scores the checkpoint's raw weights and their moving average on the validation split, side by side in the
     * card's metrics ({@code valLossRawWeights}, {@code valLossAveragedWeights}); true when the average is at least
     * as good, and then it is what gets exported (one model: no ensemble's serving cost) and its loss the card's
     * {@code valLoss}.
     */
    private static boolean averagedWeightsWin(RunStatus owner, TrainingGraph graph, Hyperparameters h, TrainingData data,
                                              Map<String, Double> cardMetrics) {
        double raw = TrainingLoop.evaluate(graph, data.validation(), h.batchSize());
        double averaged = graph.withAveragedWeights(() -> TrainingLoop.evaluate(graph, data.validation(), h.batchSize()));
        cardMetrics.put("valLossRawWeights", raw);
        cardMetrics.put("valLossAveragedWeights", averaged);
        boolean win = averaged <= raw;
        if (win) {
            cardMetrics.put("valLoss", averaged);
        }
        LOG.infof("run %s: validation loss %.5f with the raw weights, %.5f with their moving average (emaDecay %s):"
                + " exporting the %s", owner.id, raw, averaged, h.emaDecay(), win ? "average" : "raw weights");
        return win;
    }

    /** saved_model/ first, the model card last: a version with a card is complete. */
    private void upload(Path dir, String location) {
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        files.sort(java.util.Comparator.comparing((Path p) -> p.getFileName().toString().equals(ExportedModel.MODEL_CARD)));
        for (Path f : files) {
            try {
                store.objects().putOnce(location + dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f),
                        f.getFileName().toString().endsWith(".json") ? "application/json" : "application/octet-stream");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + f, e);
            }
        }
    }

    /** A pause is not a failed start: the attempt cap counts starts that died, not ones handed on cleanly. */
    private static void giveBackAttempt(RunStatus status) {
        synchronized (status) {
            status.attempts = Math.max(0, status.attempts - 1);
        }
    }

    private void finish(RunStatus status, RunState state, String error) {
        synchronized (status) {
            status.state = state;
            status.error = error;
            status.finishedAt = Instant.now();
            status.updatedAt = status.finishedAt;
        }
        metrics.run(status.id).state(state.name());
        store.save(status);
        emit(status);
    }

    private void emit(RunStatus s) {
        progress.accept(new TrainingProgress(TrainingProgress.SCHEMA_VERSION, s.id, s.state.name(), s.step, (int) s.epoch,
                s.trainLoss, s.validationLoss, null, null, s.samplesPerSecond, Instant.now()));
    }
}
