package org.inkflow.evaluator.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.inkflow.common.artifacts.InvalidArtifactException;
import org.inkflow.common.artifacts.EvaluationStatus;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.PromotionLog;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectNotFoundException;
import org.inkflow.common.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * The model versions and every model's promotion history, shared by every evaluator replica through S3 and the
 * promotions topic (decision 0028):
 * <ul>
 * <li>A version's status document has one writer, the replica that owns its candidate's partition, which writes S3
 *     first ({@link #save}). Every replica reads through: a decided version ({@code BLESSED}, {@code REJECTED})
 *     never changes and is served from memory once read; any other is read from S3 at each lookup, and the list of
 *     models and versions is S3's ({@link #models}, {@link #versions}), so a REST call on any replica sees what
 *     another replica scored.</li>
 * <li>Promotions are appended in the promotions topic's order only: every replica replays the compacted topic
 *     ({@link #observe}), and a promotion made here is recorded when the topic brings it back
 *     ({@link #awaitObserved}), so two replicas promoting at once end with the same history, the log's. The
 *     history document in S3 keeps what compaction drops and is read at start ({@link #load}).</li>
 * </ul>
 * Thread-safe: the consumers and REST calls share it.
 */
public final class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ObjectStore store;
    private final Map<String, Map<String, ModelVersion>> versions = new TreeMap<>();
    private final Map<String, PromotionHistory> promotions = new TreeMap<>();
    private boolean loaded;

    public ModelRegistry(ObjectStore store) {
        this.store = store;
    }

    /** Reads every {@code evaluations/<name>/<version>/status.json} and {@code evaluations/<name>/promotions-status.json}. */
    public synchronized ModelRegistry load() {
        versions.clear();
        promotions.clear();
        int read = 0;
        for (ObjectInfo object : store.list(Keys.EVALUATIONS)) {
            String[] parts = object.key().substring(Keys.EVALUATIONS.length()).split("/");
            if (parts.length == 0 || parts[0].startsWith("_")) {
                continue;
            }
            try {
                if (parts.length == 2 && parts[1].equals(Keys.PROMOTION_HISTORY)) {
                    promotions.put(parts[0], PromotionHistory.fromLog(PromotionLog.read(store.get(object.key()))));
                    read++;
                } else if (parts.length == 3 && parts[2].equals(Keys.STATUS)) {
                    ModelVersion v = ModelVersion.fromStatus(EvaluationStatus.read(store.get(object.key())));
                    versions.computeIfAbsent(v.modelName(), n -> new TreeMap<>()).put(v.version(), v);
                    read++;
                }
            } catch (RuntimeException e) {
                LOG.warnf("skipping unreadable registry document %s: %s", object.key(), e.getMessage());
            }
        }
        loaded = true;
        LOG.infof("registry loaded %d documents: %d models", read, models().size());
        return this;
    }

    /** Loads on first use, so a service that starts before S3 answers still comes up (readiness says so). */
    private void ensureLoaded() {
        if (!loaded) {
            load();
        }
    }

    /** Every model name with a version or a promotion, here or in S3. */
    public List<String> models() {
        TreeSet<String> names = new TreeSet<>();
        for (String name : store.folders(Keys.EVALUATIONS)) {
            if (!name.startsWith("_")) {
                names.add(name);
            }
        }
        synchronized (this) {
            ensureLoaded();
            names.addAll(versions.keySet());
            names.addAll(promotions.keySet());
        }
        return List.copyOf(names);
    }

    /**
     * One version: from memory when it is decided (a decided version never changes), else as S3 has it now, since
     * the replica that owns its candidate may be scoring it.
     */
    public Optional<ModelVersion> version(String name, String version) {
        synchronized (this) {
            ensureLoaded();
            ModelVersion known = versions.getOrDefault(name, Map.of()).get(version);
            if (known != null && known.state().decided()) {
                return Optional.of(known);
            }
        }
        return readThrough(name, version);
    }

    /** A model's versions, in the order they were received: every version S3 has a status document for. */
    public List<ModelVersion> versions(String name) {
        List<ModelVersion> out = new ArrayList<>();
        for (String version : store.folders(Keys.EVALUATIONS + name + "/")) {
            version(name, version).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(ModelVersion::receivedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ModelVersion::version));
        return out;
    }

    /** Reads a version's status document outside the lock and keeps it; empty when S3 has none. */
    private Optional<ModelVersion> readThrough(String name, String version) {
        ModelVersion stored;
        try {
            stored = ModelVersion.fromStatus(EvaluationStatus.read(store.get(ModelVersion.statusKey(name, version))));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (InvalidArtifactException e) {
            LOG.warnf("skipping unreadable status of %s/%s: %s", name, version, e.getMessage());
            return Optional.empty();
        }
        synchronized (this) {
            ModelVersion known = versions.getOrDefault(name, Map.of()).get(version);
            if (known != null && known.state().decided()) {
                return Optional.of(known);
            }
            versions.computeIfAbsent(name, n -> new TreeMap<>()).put(version, stored);
        }
        return Optional.of(stored);
    }

    /** Stores a version's record (S3 first, so memory never shows what a restart would lose). */
    public synchronized void save(ModelVersion version) {
        ensureLoaded();
        store.putStatus(ModelVersion.statusKey(version.modelName(), version.version()),
                version.toStatus().toJson(), "application/json");
        versions.computeIfAbsent(version.modelName(), n -> new TreeMap<>()).put(version.version(), version);
    }

    public synchronized PromotionHistory history(String name) {
        ensureLoaded();
        return promotions.getOrDefault(name, PromotionHistory.empty(name));
    }

    public synchronized Map<String, String> aliases(String name) {
        ensureLoaded();
        return history(name).aliases();
    }

    /**
     * Records a promotion or rollback read back from the topic (in offset order); answers whether it was new. Wakes
     * a promotion made here that waits for its own event ({@link #awaitObserved}).
     */
    public synchronized boolean observe(ModelPromotion event) {
        ensureLoaded();
        PromotionHistory current = history(event.modelName());
        PromotionHistory updated = current.with(event);
        if (updated == current) {
            return false;
        }
        // S3 first: an event whose write failed is not recorded, so its redelivery writes it again.
        store.putStatus(PromotionHistory.key(event.modelName()), updated.toLog().toJson(), "application/json");
        promotions.put(event.modelName(), updated);
        notifyAll();
        return true;
    }

    /**
     * Waits until the promotions topic has brought {@code event} back, so the history holds it at its place in the
     * log, after any promotion another replica published before it; false if it did not come within
     * {@code timeout}.
     */
    public synchronized boolean awaitObserved(ModelPromotion event, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!history(event.modelName()).contains(event)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
