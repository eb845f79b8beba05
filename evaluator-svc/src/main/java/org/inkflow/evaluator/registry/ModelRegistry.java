package org.inkflow.evaluator.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.inkflow.common.artifacts.EvaluationStatus;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.PromotionLog;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * The model versions the evaluator has seen and every model's promotion history, kept in memory and written
 * through to S3 status documents, so a restarted evaluator reads it all back ({@link #load}). The compacted
 * promotions topic is replayed on top ({@link #observe}), which repairs a history whose last write did not reach
 * S3. Thread-safe: the candidate consumer and REST calls share it.
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

    /** Every model name with a version or a promotion. */
    public synchronized List<String> models() {
        ensureLoaded();
        TreeSet<String> names = new TreeSet<>(versions.keySet());
        names.addAll(promotions.keySet());
        return List.copyOf(names);
    }

    public synchronized Optional<ModelVersion> version(String name, String version) {
        ensureLoaded();
        return Optional.ofNullable(versions.getOrDefault(name, Map.of()).get(version));
    }

    /** A model's versions, in the order they were received. */
    public synchronized List<ModelVersion> versions(String name) {
        ensureLoaded();
        List<ModelVersion> out = new ArrayList<>(versions.getOrDefault(name, Map.of()).values());
        out.sort(Comparator.comparing(ModelVersion::receivedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(ModelVersion::version));
        return out;
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
     * Records a promotion or rollback, from this service or read back from the topic; answers whether it was new.
     */
    public synchronized boolean observe(ModelPromotion event) {
        ensureLoaded();
        PromotionHistory current = history(event.modelName());
        PromotionHistory updated = current.with(event);
        if (updated == current) {
            return false;
        }
        store.putStatus(PromotionHistory.key(event.modelName()),
                updated.toLog().toJson(), "application/json");
        promotions.put(event.modelName(), updated);
        return true;
    }
}
