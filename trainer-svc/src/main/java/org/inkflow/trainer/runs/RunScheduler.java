package org.inkflow.trainer.runs;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.inkflow.trainer.data.DatasetLoader;
import org.inkflow.trainer.data.DatasetSnapshot;
import org.inkflow.trainer.search.SearchSpec;
import org.inkflow.trainer.training.RunMemory;
import org.inkflow.trainer.training.Hyperparameters;
import org.inkflow.trainer.training.InvalidHyperparameterException;
import org.jboss.logging.Logger;

/**
 * Accepts runs, keeps their statuses, and trains them one at a time on a worker thread (two runs would only
 * share the same CPU cores). Submissions are checked before they are queued (hyperparameters, search space,
 * dataset present, image size fits the model) and are idempotent by run id. At start, unfinished runs found in the
 * bucket are queued again and resume from their latest checkpoints.
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
    private final Map<String, RunStatus> runs = new ConcurrentHashMap<>();
    private final Set<String> stopRequests = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker;
    private volatile boolean shuttingDown;

    public RunScheduler(RunStore store, DatasetLoader datasets, RunExecutor executor, String defaultModelName,
                        long maxRunMemoryBytes) {
        this.maxRunMemoryBytes = maxRunMemoryBytes;
        this.store = store;
        this.datasets = datasets;
        this.executor = executor;
        this.defaultModelName = defaultModelName;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trainer-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads every run from the bucket and queues the unfinished ones (their trials resume inside them). */
    public void resumeUnfinished() {
        List<RunStatus> all = store.loadAll();
        all.sort(Comparator.comparing((RunStatus s) -> s.createdAt == null ? Instant.EPOCH : s.createdAt));
        for (RunStatus s : all) {
            runs.putIfAbsent(s.id, s);
        }
        for (RunStatus s : all) {
            if (s.parentId == null && s.state != null && !s.state.terminal()) {
                LOG.infof("resuming run %s (%s, step %d)", s.id, s.state, s.step);
                enqueue(runs.get(s.id));
            }
        }
    }

    /**
     * Checks and queues a run; answers its status and whether it is new. The same run id again answers the existing
     * run and changes nothing.
     */
    public Submitted submit(RunSubmission request) {
        if (request.runId() != null) {
            if (!RUN_ID.matcher(request.runId()).matches()) {
                throw new IllegalArgumentException("runId '" + request.runId() + "' must be 1-100 letters, digits,"
                        + " '.', '_' or '-', starting with a letter or digit");
            }
            Optional<RunStatus> existing = get(request.runId());
            if (existing.isPresent()) {
                return new Submitted(existing.get(), false, snapshot(existing.get()));
            }
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
        RunStatus previous = runs.putIfAbsent(s.id, s);
        if (previous != null) {
            return new Submitted(previous, false, snapshot(previous));
        }
        store.save(s);
        // Taken before the worker can pick the run up: the answer says what was accepted (QUEUED).
        com.fasterxml.jackson.databind.JsonNode accepted = snapshot(s);
        enqueue(s);
        LOG.infof("queued run %s on dataset %s/%s", s.id, s.datasetName, s.datasetVersion);
        return new Submitted(s, true, accepted);
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

    private void enqueue(RunStatus s) {
        worker.submit(() -> {
            if (s.state.terminal() || shuttingDown) {
                return;
            }
            if (stopRequests.contains(s.id)) {
                return;
            }
            executor.execute(s, stopRequests::contains, () -> shuttingDown);
        });
    }

    public List<RunStatus> list() {
        return runs.values().stream()
                .sorted(Comparator.comparing((RunStatus s) -> s.createdAt == null ? Instant.EPOCH : s.createdAt).reversed())
                .toList();
    }

    /** A run by id: from memory, else from the bucket (a run another replica or an earlier process made). */
    public Optional<RunStatus> get(String runId) {
        RunStatus s = runs.get(runId);
        if (s != null) {
            return Optional.of(s);
        }
        if (!RUN_ID.matcher(runId).matches()) {
            return Optional.empty();
        }
        Optional<RunStatus> stored = store.load(runId);
        stored.ifPresent(r -> runs.putIfAbsent(r.id, r));
        return stored.map(r -> runs.get(r.id));
    }

    /** Asks a run to stop: a queued one stops at once, a running one after its current step. */
    public RunStatus stop(String runId) {
        RunStatus s = get(runId).orElseThrow(() -> new RunNotFoundException(runId));
        synchronized (s) {
            if (s.state.terminal()) {
                throw new RunConflictException("run " + runId + " already ended (" + s.state + "); nothing to stop");
            }
            stopRequests.add(runId);
            if (s.state == RunState.QUEUED) {
                s.state = RunState.STOPPED;
                s.finishedAt = Instant.now();
                s.updatedAt = s.finishedAt;
            }
        }
        store.save(s);
        return s;
    }

    /** Whether the dataset version exists (for the auto-train consumer). */
    public boolean datasetExists(String name, String version) {
        return datasets.exists(name, version);
    }

    /** Stops taking work; the running run pauses (stays RUNNING) and resumes on the next start. */
    @Override
    public void close() {
        shuttingDown = true;
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
