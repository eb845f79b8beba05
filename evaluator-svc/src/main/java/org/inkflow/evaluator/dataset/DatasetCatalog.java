package org.inkflow.evaluator.dataset;

import java.util.LinkedHashMap;
import java.util.Map;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.storage.ObjectNotFoundException;
import org.inkflow.common.storage.ObjectStore;

/** Reads dataset manifests from S3; versions are immutable, so recently used ones are kept in memory. */
public final class DatasetCatalog {

    private final ObjectStore store;
    private final Map<String, DatasetManifest> cache = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DatasetManifest> eldest) {
            return size() > 8;
        }
    };

    public DatasetCatalog(ObjectStore store) {
        this.store = store;
    }

    public synchronized DatasetManifest manifest(String name, String version) {
        String key = Keys.datasetManifest(name, version);
        DatasetManifest cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] json;
        try {
            json = store.get(key);
        } catch (ObjectNotFoundException e) {
            throw new IllegalArgumentException("dataset " + name + "/" + version + " has no manifest at " + key
                    + "; publish the dataset with cleaner-svc (POST /datasets) before evaluating models on it", e);
        }
        DatasetManifest manifest = DatasetManifest.read(json);
        cache.put(key, manifest);
        return manifest;
    }
}
