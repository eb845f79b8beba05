package org.inkflow.trainer.runs;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.tracing.TraceScope;
import org.inkflow.common.tracing.Traces;
import org.inkflow.trainer.data.DatasetLoader;
import org.inkflow.trainer.data.DatasetSnapshot;
import org.inkflow.trainer.search.SearchSpec;
import org.inkflow.trainer.training.RunMemory;
import org.inkflow.trainer.training.Hyperparameters;
import org.inkflow.trainer.training.InvalidHyperparameterException;
import org.jboss.logging.Logger;

/**
 * Training runs across replicas (ADR 0028). Any replica accepts a run ({@link #submit}: checked, saved QUEUED in S3,
 * then a run record keyed by the run id through {@link RunRequests}) and answers its status (live here while it
 * trains here, else from S3); the replica whose partition holds the record trains it ({@link #start}, at most
 * {@code maxConcurrentRuns} at a time, the rest wait QUEUED; a search waits for its trials, each a record of its own,
 * on a thread of its own), resuming from its latest checkpoint when it ran
 * elsewhere before; a cancel is a record too and reaches that owner ({@link #cancelHere}). Nothing is resumed at
 * start-up: a replica resumes what its partitions deliver. Submissions are checked before they are queued
 * (hyperparameters, search space, dataset present, image size fits the model) and are idempotent by run id.
 * Plain Java; the Quarkus wiring is in {@code config/TrainerBeans}, the consumer in
 * {@code messaging/TrainingRequestConsumer}.
 */
public final class RunScheduler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunScheduler.class);
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RunStore store;
    private final DatasetLoader datasets;
    private final RunExecutor executor;
    private final String defaultModelName;
    private final long maxRunMemoryBytes;
    private final RunRequests requests;
    /** Runs held here (training or waiting for the worker), by id. */
    private final Map<String, RunHandle> held = new ConcurrentHashMap<>();
    /** Run ids a person asked to stop (a search's id stops its trials too). */
    private final Set<String> stopRequests = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker;
    /** Searches whose trials train on their own records: they wait for them here, holding no training slot. */
    private final ExecutorService searches;
    private volatile boolean shuttingDown;

    public RunScheduler(RunStore store, DatasetLoader datasets, RunExecutor executor, String defaultModelName,
                        long maxRunMemoryBytes, RunRequests requests, int maxConcurrentRuns) {
        this.maxRunMemoryBytes = maxRunMemoryBytes;
        this.store = store;
        this.datasets = datasets;
        this.executor = executor;
        this.defaultModelName = defaultModelName;
        this.requests = requests;
        AtomicInteger n = new AtomicInteger();
        this.worker = Executors.newFixedThreadPool(Math.max(1, maxConcurrentRuns), r -> {
            Thread t = new Thread(r, "trainer-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.searches = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "trainer-search-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Checks a run and, when it is new, saves it QUEUED and puts its run record on the topic (the partition's owner
     * trains it); answers its status and whether it is new. The same run id again answers the existing run and
     * changes nothing.
     */
    public Submitted submit(RunSubmission request) {
        if (shuttingDown) {
            throw new RunQueueUnavailableException("the trainer is shutting down; submit the run again after it restarts");
        }
        if (request.runId() != null) {
            requireRunId(request.runId());
            Optional<RunStatus> existing = get(request.runId());
            if (existing.isPresent()) {
                return new Submitted(existing.get(), false, snapshot(existing.get()));
            }
        }
        RunStatus s = prepare(request);
        store.save(s);
        // Taken before the owner can pick the run up: the answer says what was accepted (QUEUED).
        com.fasterxml.jackson.databind.JsonNode accepted = snapshot(s);
        try {
            requests.run(s);
        } catch (RuntimeException e) {
            synchronized (s) {
                s.state = RunState.FAILED;
                s.error = "could not be queued: " + e.getMessage();
                s.finishedAt = Instant.now();
                s.updatedAt = s.finishedAt;
            }
            store.save(s);
            throw e;
        }
        LOG.infof("queued run %s on dataset %s/%s", s.id, s.datasetName, s.datasetVersion);
        return new Submitted(s, true, accepted);
    }

    private static void requireRunId(String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("runId '" + runId + "' must be 1-100 letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit");
        }
    }

    /**
     * Checks a request and makes its QUEUED status (not saved); {@link IllegalArgumentException} and its kin name
     * what is wrong. A null run id makes a new one.
     */
    RunStatus prepare(RunSubmission request) {
        if (request.runId() != null) {
            requireRunId(request.runId());
        }
        if (request.datasetName() == null || request.datasetName().isBlank()
                || request.datasetVersion() == null || request.datasetVersion().isBlank()) {
            throw new IllegalArgumentException("a run needs 'datasetName' and 'datasetVersion'");
        }
        String mode = request.mode() == null ? RunStatus.MODE_TRAIN : request.mode().trim().toLowerCase(java.util.Locale.ROOT);
        if (!RunStatus.MODES.contains(mode)) {
            throw new IllegalArgumentException("mode '" + request.mode() + "' must be one of " + RunStatus.MODES);
        }
        Hyperparameters h = Hyperparameters.parse(request.hyperparameters());
        if (h.initFrom() != null) {
            // An alias is pinned to its version now: a resumed attempt must load the same weights.
            InitialModels.Resolved start = new InitialModels(store.objects()).resolve(h);
            h = h.with(Map.of("initFrom", start.pinned()));
        }
        if (RunStatus.MODE_LR_RANGE.equals(mode) && request.search() != null && !request.search().isEmpty()) {
            throw new IllegalArgumentException("mode 'lr-range' measures one configuration; leave out 'search'");
        }
        List<Map<String, Object>> trials = List.of(Map.of());
        if (request.search() != null && !request.search().isEmpty()) {
            trials = SearchSpec.parse(request.search()).plan(h);
        }
        DatasetSnapshot snapshot = datasets.snapshot(request.datasetName(), request.datasetVersion());
        if (snapshot.imageSize() != null && snapshot.imageSize() % h.modelConfig().sizeMultiple() != 0) {
            throw new InvalidHyperparameterException("dataset images are " + snapshot.imageSize() + " pixels but depth "
                    + h.depth() + " needs a multiple of " + h.modelConfig().sizeMultiple() + "; lower 'depth'");
        }
        if (snapshot.imageSize() != null) {
            for (Map<String, Object> trial : trials) {
                RunMemory.check(h.with(trial), snapshot.imageSize(), maxRunMemoryBytes, "inkflow.trainer.max-run-memory-mb");
            }
        }
        if (snapshot.train().isEmpty()) {
            throw new IllegalArgumentException("dataset " + snapshot.name() + "/" + snapshot.version()
                    + " has no training samples");
        }
        RunStatus s = new RunStatus();
        s.id = request.runId() != null ? request.runId()
                : "run-" + ID_TIME.format(Instant.now()) + "-" + HexFormat.of().formatHex(RANDOM.generateSeed(3));
        s.state = RunState.QUEUED;
        s.datasetName = request.datasetName();
        s.datasetVersion = request.datasetVersion();
        s.modelName = request.modelName() == null || request.modelName().isBlank() ? defaultModelName : request.modelName();
        s.mode = mode;
        s.hyperparameters = h.asMap();
        s.search = request.search() == null || request.search().isEmpty() ? null : request.search();
        s.totalSteps = h.steps();
        s.createdAt = Instant.now();
        s.updatedAt = s.createdAt;
        s.modelVersion = RunExecutor.modelVersion(s.id, s.createdAt);
        return s;
    }

    /** A submission's outcome: the run, whether it is new, and its status as it was when answered. */
    public record Submitted(RunStatus status, boolean created, com.fasterxml.jackson.databind.JsonNode view) {
    }

    /** A consistent JSON copy of a status the training thread may be changing. */
    public static com.fasterxml.jackson.databind.JsonNode snapshot(RunStatus status) {
        synchronized (status) {
            return org.inkflow.common.events.EventJson.MAPPER.valueToTree(status);
        }
    }

    /**
     * Starts or resumes run {@code runId} here, this replica owning its record: from its saved status when it has
     * one (resuming from its latest checkpoint when an earlier owner trained it), else as {@code request} asks
     * (checked, so an invalid record fails here and is dead-lettered). Empty when the run has ended already (a record
     * delivered again). While the service is shutting down the run is handed back at once, left to its next owner.
     */
    public Optional<RunHandle> start(String runId, Supplier<RunSubmission> request) {
        requireRunId(runId);
        Optional<RunStatus> saved = store.load(runId);
        if (saved.isPresent() && saved.get().state != null && saved.get().state.terminal()) {
            LOG.infof("run %s ended already (%s); nothing to do", runId, saved.get().state);
            return Optional.empty();
        }
        RunStatus status;
        if (saved.isPresent()) {
            status = saved.get();
            if (status.attempts > 0) {
                LOG.infof("resuming run %s (%s, %d start(s) so far, step %d)", runId, status.state, status.attempts,
                        status.step);
            }
        } else {
            RunSubmission submission = request.get();
            if (submission.runId() != null && !submission.runId().equals(runId)) {
                throw new IllegalArgumentException("the record's key names run " + runId + " but its body "
                        + submission.runId());
            }
            status = prepare(new RunSubmission(runId, submission.datasetName(), submission.datasetVersion(),
                    submission.modelName(), submission.hyperparameters(), submission.search(), submission.mode()));
            store.save(status);
        }
        RunHandle handle = new RunHandle(status);
        if (shuttingDown) {
            handle.stop(java.time.Duration.ZERO);
            return Optional.of(handle);
        }
        held.put(runId, handle);
        handle.done().whenComplete((end, failure) -> held.remove(runId, handle));
        try {
            // A search only waits for its trials (their own records) when there is somewhere to send them.
            Context requestedIn = Traces.current();
            (status.searchRun() && executor.dispatchesTrials() ? searches : worker).execute(() -> work(handle, requestedIn));
        } catch (RejectedExecutionException e) {
            handle.stop(java.time.Duration.ZERO); // shutting down: left to the next owner
        }
        return Optional.of(handle);
    }

    private void work(RunHandle handle, Context requestedIn) {
        if (!handle.begin()) {
            return;
        }
        RunStatus s = handle.status();
        // A fan-in: the run continues the trace of its request and links to the one that wrote its dataset.
        List<SpanContext> dataset = s.datasetName == null || s.datasetVersion == null ? List.of()
                : Traces.storedBy(key -> store.objects().userMetadata(key), Keys.datasetManifest(s.datasetName, s.datasetVersion)).stream().toList();
        try (TraceScope trace = Traces.fanIn("trainer run", requestedIn, dataset, Map.of("inkflow.run", s.id))) {
            if (!s.state.terminal() && !handle.pauseRequested()) {
                executor.execute(s, stopRequests::contains, () -> shuttingDown || handle.pauseRequested());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s: the executor failed outside its own handling", s.id);
        } finally {
            handle.end();
        }
    }

    /**
     * A cancel record reached this replica, the run's owner: a run training or waiting here ends STOPPED (its handle
     * then completes and its record is done); a run not held here, whose record was never started, is marked
     * STOPPED in S3 so no later delivery starts it.
     */
    public void cancelHere(String runId) {
        stopRequests.add(runId);
        RunHandle handle = held.get(runId);
        if (handle != null) {
            RunStatus s = handle.status();
            if (handle.endBeforeStartWith(() -> markStopped(s))) {
                LOG.infof("run %s stopped before it started here", runId);
            } else {
                LOG.infof("run %s stops after its current step", runId);
            }
            return;
        }
        Optional<RunStatus> saved = store.load(runId);
        if (saved.isEmpty() || saved.get().state == null || saved.get().state.terminal()) {
            return;
        }
        markStopped(saved.get());
        LOG.infof("run %s stopped before it started here", runId);
    }

    private void markStopped(RunStatus s) {
        synchronized (s) {
            s.state = RunState.STOPPED;
            s.finishedAt = Instant.now();
            s.updatedAt = s.finishedAt;
        }
        store.save(s);
    }

    /** Every run in the bucket, newest first (search trials included), the ones training here as they are now. */
    public List<RunStatus> list() {
        Map<String, RunStatus> all = new java.util.HashMap<>();
        for (RunStatus s : store.loadAll()) {
            all.put(s.id, s);
        }
        held.values().forEach(h -> all.put(h.runId(), h.status()));
        return all.values().stream()
                .sorted(Comparator.comparing((RunStatus s) -> s.createdAt == null ? Instant.EPOCH : s.createdAt).reversed())
                .toList();
    }

    /** A run by id: live while it is held here, else from the bucket (whichever replica trains or trained it). */
    public Optional<RunStatus> get(String runId) {
        RunHandle handle = held.get(runId);
        if (handle != null) {
            return Optional.of(handle.status());
        }
        if (!RUN_ID.matcher(runId).matches()) {
            return Optional.empty();
        }
        return store.load(runId);
    }

    /**
     * Asks a run's owner, wherever it is, to stop it (a cancel record): a queued run stops at once there, a training
     * one after its current step. Answers the status as it is now.
     */
    public RunStatus stop(String runId) {
        RunStatus s = get(runId).orElseThrow(() -> new RunNotFoundException(runId));
        synchronized (s) {
            if (s.state.terminal()) {
                throw new RunConflictException("run " + runId + " already ended (" + s.state + "); nothing to stop");
            }
        }
        requests.cancel(runId);
        return s;
    }

    /** Ids of the runs training or waiting on this replica. */
    public Set<String> heldHere() {
        return Set.copyOf(held.keySet());
    }

    /** Whether the dataset version exists (for the auto-train consumer). */
    public boolean datasetExists(String name, String version) {
        return datasets.exists(name, version);
    }

    /**
     * Stops taking work; the runs here pause where they are (checkpointed, still RUNNING, their attempt given back)
     * and their records stay uncommitted, so whichever replica owns their partitions next resumes them.
     */
    @Override
    public void close() {
        shuttingDown = true;
        searches.shutdown();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
    }
}
