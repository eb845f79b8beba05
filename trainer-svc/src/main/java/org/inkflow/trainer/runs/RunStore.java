package org.inkflow.trainer.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.inkflow.common.artifacts.InvalidArtifactException;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.TrainingCheckpoint;
import org.inkflow.common.artifacts.TrainingMetricsLine;
import org.inkflow.common.artifacts.TrainingRunStatus;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.storage.ObjectStoreException;
import org.inkflow.trainer.training.CheckpointFiles;
import org.inkflow.trainer.training.CheckpointState;
import org.jboss.logging.Logger;

/**
 * A run's objects under {@code runs/<runId>/}: the status document, checkpoints ({@code checkpoints/step-<n>/},
 * {@code checkpoint.json} written last so a half-written one is never used), metrics segments
 * ({@code metrics/<attempt>-<step>.jsonl}, one per checkpoint, merged into {@code metrics.jsonl} when the run ends)
 * and preview images ({@code samples/step-<n>.png}). Everything but the status is written once.
 */
public final class RunStore {

    private static final Logger LOG = Logger.getLogger(RunStore.class);

    /** A complete checkpoint in the bucket. */
    public record StoredCheckpoint(String prefix, CheckpointState state) {
    }

    private final ObjectStore store;
    private final ObjectDeleter deleter;

    public RunStore(ObjectStore store, ObjectDeleter deleter) {
        this.store = store;
        this.deleter = deleter;
    }

    public ObjectStore objects() {
        return store;
    }

    public void save(RunStatus status) {
        TrainingRunStatus stored;
        synchronized (status) {
            stored = RunArtifacts.toRecord(status);
        }
        store.putStatus(RunStatus.key(status.id), stored.toJson(), "application/json");
    }

    public Optional<RunStatus> load(String runId) {
        if (!store.exists(RunStatus.key(runId))) {
            return Optional.empty();
        }
        return Optional.of(read(store.get(RunStatus.key(runId))));
    }

    /** Every run's status in the bucket (what a restarted service knows). */
    public List<RunStatus> loadAll() {
        List<RunStatus> out = new ArrayList<>();
        for (ObjectInfo o : store.list(Keys.RUNS)) {
            if (Keys.isRunStatus(o.key())) {
                try {
                    out.add(read(store.get(o.key())));
                } catch (RuntimeException e) {
                    LOG.warnf("skipping unreadable run status %s: %s", o.key(), e.getMessage());
                }
            }
        }
        return out;
    }

    private static RunStatus read(byte[] json) {
        try {
            return RunArtifacts.fromRecord(TrainingRunStatus.read(json));
        } catch (InvalidArtifactException e) {
            throw new IllegalArgumentException("unreadable run status: " + e.getMessage(), e);
        }
    }

    // ---- checkpoints ----

    /**
     * Uploads a local checkpoint ({@code prefix.index}, {@code prefix.data-*}) and then its state; answers the
     * checkpoint's key prefix. A step that an earlier attempt left half-written gets an attempt suffix.
     */
    public String putCheckpoint(String runId, int attempt, CheckpointState state, Path localPrefix) {
        String dir = Keys.runCheckpoint(runId, state.step());
        if (!store.list(dir).isEmpty()) {
            dir = Keys.runCheckpoint(runId, state.step(), attempt);
        }
        Path parent = localPrefix.toAbsolutePath().getParent();
        String name = localPrefix.getFileName().toString();
        try (Stream<Path> files = Files.list(parent)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(name)).sorted().toList()) {
                store.putOnce(dir + f.getFileName(), Files.readAllBytes(f), "application/octet-stream");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload checkpoint " + localPrefix, e);
        }
        store.putOnce(dir + CheckpointFiles.STATE, RunArtifacts.toRecord(state).toJson(), "application/json");
        return dir;
    }

    /** The run's complete checkpoints, oldest step first. */
    public List<StoredCheckpoint> checkpoints(String runId) {
        String base = Keys.runCheckpoints(runId);
        List<StoredCheckpoint> out = new ArrayList<>();
        for (ObjectInfo o : store.list(base)) {
            if (o.key().endsWith("/" + CheckpointFiles.STATE)) {
                String prefix = o.key().substring(0, o.key().length() - CheckpointFiles.STATE.length());
                try {
                    out.add(new StoredCheckpoint(prefix, RunArtifacts.fromRecord(TrainingCheckpoint.read(store.get(o.key())))));
                } catch (InvalidArtifactException e) {
                    LOG.warnf("ignoring unreadable checkpoint state %s: %s", o.key(), e.getMessage());
                }
            }
        }
        out.sort(Comparator.comparingLong((StoredCheckpoint c) -> c.state().step()).thenComparing(StoredCheckpoint::prefix));
        return out;
    }

    public Optional<StoredCheckpoint> latest(String runId) {
        List<StoredCheckpoint> all = checkpoints(runId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The checkpoint with the lowest validation loss, else the latest. */
    public Optional<StoredCheckpoint> best(String runId) {
        return bestOrLatest(checkpoints(runId));
    }

    private static Optional<StoredCheckpoint> bestOrLatest(List<StoredCheckpoint> all) {
        return bestOf(all, 1).stream().findFirst()
                .or(() -> all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1)));
    }

    /** Of {@code all}, the {@code k} validated ones with the lowest validation loss, best first (ties: earlier step). */
    private static List<StoredCheckpoint> bestOf(List<StoredCheckpoint> all, int k) {
        return all.stream()
                .filter(c -> c.state().validationLoss() != null)
                .sorted(Comparator.comparingDouble((StoredCheckpoint c) -> c.state().validationLoss())
                        .thenComparingLong(c -> c.state().step()))
                .limit(k).toList();
    }

    /** Downloads a checkpoint into {@code dir}; answers the local prefix to restore from. */
    public Path download(StoredCheckpoint checkpoint, Path dir) {
        store.getDirectory(checkpoint.prefix(), dir);
        return dir.resolve(CheckpointFiles.PREFIX);
    }

    /**
     * The {@code k} validated checkpoints with the lowest validation loss, best first (ties: the earlier step): the
     * members of a checkpoint ensemble.
     */
    public List<StoredCheckpoint> best(String runId, int k) {
        return bestOf(checkpoints(runId), k);
    }

    /** Deletes all but the last {@code keep} checkpoints and the {@code keepBest} best ones (at least the best). */
    public void prune(String runId, int keep, int keepBest) {
        List<StoredCheckpoint> all = checkpoints(runId);
        Set<String> kept = new HashSet<>();
        for (int i = Math.max(0, all.size() - keep); i < all.size(); i++) {
            kept.add(all.get(i).prefix());
        }
        // From the one listing above: each checkpoint's state is a read from S3.
        bestOrLatest(all).ifPresent(b -> kept.add(b.prefix()));
        bestOf(all, keepBest).forEach(b -> kept.add(b.prefix()));
        for (StoredCheckpoint c : all) {
            if (!kept.contains(c.prefix())) {
                // The state file first: a checkpoint without it is already invisible if deletion stops half-way.
                deleter.delete(c.prefix() + CheckpointFiles.STATE);
                for (ObjectInfo o : store.list(c.prefix())) {
                    deleter.delete(o.key());
                }
            }
        }
    }

    // ---- metrics.jsonl ----

    public void putMetricsSegment(String runId, int attempt, long toStep, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        String key = Keys.runMetricsSegment(runId, attempt, toStep);
        putOnceOrKeep(key, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
    }

    /**
     * The run's metric lines up to {@code maxStep}, one per (type, step), later attempts replacing earlier ones
     * (a resumed run repeats the steps after its checkpoint).
     */
    public List<String> metricLines(String runId, long maxStep) {
        Map<String, String> byStep = new TreeMap<>();
        for (ObjectInfo o : store.list(Keys.runMetricsSegments(runId))) {
            for (String line : new String(store.get(o.key()), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    TrainingMetricsLine m = TrainingMetricsLine.read(line);
                    if (m.step() <= maxStep) {
                        byStep.put(String.format("%012d-%s", m.step(), m.type()), line);
                    }
                } catch (InvalidArtifactException e) {
                    LOG.warnf("skipping a bad metrics line in %s", o.key());
                }
            }
        }
        return new ArrayList<>(byStep.values());
    }

    /** Writes {@code runs/<runId>/metrics.jsonl} from the segments (once, when the run ends). */
    public String writeMetricsFile(String runId, long maxStep) {
        List<String> lines = metricLines(runId, maxStep);
        String key = Keys.runMetrics(runId);
        putOnceOrKeep(key, (String.join("\n", lines) + (lines.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8),
                "application/x-ndjson");
        return key;
    }

    /** The range test's points and plot; an earlier attempt's stay (the test is seeded like the run). */
    public void putRangeTest(String runId, byte[] pointsJson, byte[] plotPng) {
        putOnceOrKeep(Keys.runLearningRateRange(runId), pointsJson, "application/json");
        putOnceOrKeep(Keys.runLearningRateRangePlot(runId), plotPng, "image/png");
    }

    public void putSample(String runId, long step, byte[] png) {
        putOnceOrKeep(Keys.runSample(runId, step), png, "image/png");
    }

    public void putNetworkPicture(String runId, long step, String file, byte[] png) {
        putOnceOrKeep(Keys.runNetworkPicture(runId, step, file), png, "image/png");
    }

    /** Writes once; when an earlier attempt already wrote the key, the earlier object stays (it is as valid). */
    private void putOnceOrKeep(String key, byte[] data, String contentType) {
        try {
            store.putOnce(key, data, contentType);
        } catch (ObjectStoreException e) {
            if (store.exists(key)) {
                LOG.debugf("%s already written by an earlier attempt; keeping it", key);
            } else {
                throw e;
            }
        }
    }
}
