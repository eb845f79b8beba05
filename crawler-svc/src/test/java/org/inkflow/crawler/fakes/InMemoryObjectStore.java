package org.inkflow.crawler.fakes;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectNotFoundException;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.storage.ObjectStoreException;

/** An {@link ObjectStore} in memory with the same write-once rules, for fast unit tests of the crawl loop. */
public final class InMemoryObjectStore extends ObjectStore {

    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private volatile boolean failing;
    private final java.util.concurrent.atomic.AtomicInteger outageCalls = new java.util.concurrent.atomic.AtomicInteger();

    public InMemoryObjectStore() {
        super(null, "test");
    }

    /** While set, every call fails as an unreachable S3 would. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    /** The next {@code calls} calls fail as during an outage (connection refused), then the store works again. */
    public void outage(int calls) {
        outageCalls.set(calls);
    }

    private void check(String what) {
        if (failing || outageCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ObjectStoreException(what + " failed: S3 is down (test)",
                    new java.net.ConnectException("Connection refused (test)"));
        }
    }

    @Override
    public void ensureBucket() {
    }

    @Override
    public synchronized boolean putOnce(String key, byte[] data, String contentType) {
        check("put " + key);
        byte[] existing = objects.get(key);
        if (existing != null) {
            if (Arrays.equals(existing, data)) {
                return false;
            }
            throw new ObjectStoreException(key + " already exists with other content");
        }
        objects.put(key, data.clone());
        return true;
    }

    @Override
    public void putStatus(String key, byte[] data, String contentType) {
        check("put " + key);
        if (!isStatusKey(key)) {
            throw new ObjectStoreException(key + " is not a status document");
        }
        objects.put(key, data.clone());
    }

    @Override
    public byte[] get(String key) {
        check("get " + key);
        byte[] data = objects.get(key);
        if (data == null) {
            throw new ObjectNotFoundException("test", key);
        }
        return data.clone();
    }

    @Override
    public InputStream open(String key) {
        return new ByteArrayInputStream(get(key));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        check("stat " + key);
        byte[] data = objects.get(key);
        return data == null ? Optional.empty() : Optional.of(new ObjectInfo(key, data.length, null, Instant.EPOCH));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        check("list " + prefix);
        return objects.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> new ObjectInfo(e.getKey(), e.getValue().length, null, Instant.EPOCH)).toList();
    }

    public List<String> keys(String prefix) {
        return objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    public void delete(String key) {
        objects.remove(key);
    }
}
