package org.inkflow.trainer.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.inkflow.common.storage.ObjectStore;

/**
 * Reads samples from the bucket and keeps their encoded bytes in memory (a few KB each), so later epochs decode
 * without going back to S3; samples never change (content-addressed), so the cache needs no invalidation.
 */
public final class ObjectStoreSampleSource implements SampleSource {

    private final ObjectStore store;
    private final Map<String, EncodedSample> cache = new ConcurrentHashMap<>();
    private final int maxCached;

    public ObjectStoreSampleSource(ObjectStore store, int maxCached) {
        this.store = store;
        this.maxCached = maxCached;
    }

    @Override
    public EncodedSample fetch(DatasetSnapshot.SampleRef ref) {
        EncodedSample cached = cache.get(ref.inputKey());
        if (cached != null) {
            return cached;
        }
        EncodedSample sample = new EncodedSample(store.get(ref.inputKey()), store.get(ref.targetKey()));
        if (cache.size() < maxCached) {
            cache.put(ref.inputKey(), sample);
        }
        return sample;
    }
}
