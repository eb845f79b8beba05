package org.inkflow.cleaner.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.inkflow.cleaner.dedup.DuplicateIndex;
import org.inkflow.cleaner.dedup.ImageFingerprint;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.RejectionRecord;
import org.inkflow.common.artifacts.SampleMeta;
import org.inkflow.common.messaging.TransientFailure;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * What this service knows of {@code samples/}: accepted samples (their meta.json), rejected raw images, and the
 * near-duplicate index. S3 is the source of truth; the catalog is rebuilt from it at start (in the background, with
 * retries while S3 is down; the consumer waits for it) and kept current as this replica accepts and rejects. Reads
 * that must see other replicas' work (idempotency, dataset builds) go to S3 as well. {@link #start} begins the load,
 * {@link #close} stops it and the reader pool.
 */
public class SampleCatalog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SampleCatalog.class);

    /** Counts for {@code GET /samples/stats}. */
    public record Stats(int accepted, int rejected, Map<String, Integer> acceptedBySplit, Map<String, Integer> rejectedByRule) {
    }

    private final ObjectStore store;
    private final ExecutorService readers;
    private final Map<String, SampleMeta> accepted = new ConcurrentHashMap<>();
    private final Map<String, String> rejectedRules = new ConcurrentHashMap<>();
    private final DuplicateIndex duplicates = new DuplicateIndex();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile Thread loader;

    /** @param readThreads threads that read samples from S3 while building a snapshot or loading the catalog */
    public SampleCatalog(ObjectStore store, int readThreads) {
        this.store = store;
        this.readers = Executors.newFixedThreadPool(Math.max(1, readThreads), r -> {
            Thread t = new Thread(r, "inkflow-s3-reader");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts loading the catalog from S3 in the background. */
    public void start() {
        loader = new Thread(this::loadWithRetries, "inkflow-sample-catalog");
        loader.setDaemon(true);
        loader.start();
    }

    @Override
    public void close() {
        if (loader != null) {
            loader.interrupt();
        }
        readers.shutdownNow();
    }

    private void loadWithRetries() {
        long backoffMs = 500;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long started = System.nanoTime();
                load();
                ready.complete(null);
                LOG.infof("sample catalog loaded from S3: %d accepted, %d rejected in %d ms", accepted.size(),
                        rejectedRules.size(), (System.nanoTime() - started) / 1_000_000);
                return;
            } catch (RuntimeException e) {
                LOG.warnf("cannot load the sample catalog from S3 yet (retrying in %d ms): %s", backoffMs, e.getMessage());
                try {
                    Thread.sleep(backoffMs); // a background retry loop, not a test: backing off from a down S3
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMs = Math.min(30_000, backoffMs * 2);
            }
        }
    }

    private void load() {
        List<String> metaKeys = new ArrayList<>();
        List<String> rejectedKeys = new ArrayList<>();
        for (ObjectInfo info : store.list(Keys.SAMPLES)) {
            if (Keys.sampleShaOf(info.key(), Keys.SAMPLE_META).isPresent()) {
                metaKeys.add(info.key());
            } else if (Keys.sampleShaOf(info.key(), Keys.SAMPLE_REJECTED).isPresent()) {
                rejectedKeys.add(info.key());
            }
        }
        readAll(metaKeys, SampleMeta::read).forEach(this::addAccepted);
        readAll(rejectedKeys, RejectionRecord::read).forEach(this::addRejected);
    }

    /** Waits until the catalog has been loaded from S3. */
    public void awaitReady(Duration timeout) {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Not ready yet is a transient failure: the record is retried, not dead-lettered.
            throw new TransientFailure("the sample catalog is still loading from S3 after " + timeout
                    + "; is S3 reachable (see /q/health/ready)?", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sample catalog", e);
        }
    }

    public boolean isReady() {
        return ready.isDone();
    }

    /** Whether this raw image was already accepted or rejected (by any replica: S3 is asked when memory does not know). */
    public boolean isKnown(String sha256) {
        if (accepted.containsKey(sha256) || rejectedRules.containsKey(sha256)) {
            return true;
        }
        Optional<SampleMeta> meta = storedMeta(sha256);
        if (meta.isPresent()) {
            addAccepted(meta.get());
            return true;
        }
        Optional<RejectionRecord> rejection = storedRejection(sha256);
        rejection.ifPresent(this::addRejected);
        return rejection.isPresent();
    }

    /** The accepted sample's {@code meta.json}, read from S3 (another replica may have written it). */
    public Optional<SampleMeta> storedMeta(String sha256) {
        return fetch(Keys.sampleMeta(sha256), SampleMeta::read);
    }

    /** The rejection record of a raw image, read from S3. */
    public Optional<RejectionRecord> storedRejection(String sha256) {
        return fetch(Keys.sampleRejected(sha256), RejectionRecord::read);
    }

    public void addAccepted(SampleMeta meta) {
        accepted.put(meta.sha256(), meta);
        if (meta.perceptualHash() != null && meta.colorGrid() != null) {
            duplicates.add(meta.sha256(), ImageFingerprint.parse(meta.perceptualHash(), meta.colorGrid()));
        }
    }

    public void addRejected(RejectionRecord record) {
        rejectedRules.put(record.sha256(), record.rule());
    }

    public DuplicateIndex duplicates() {
        return duplicates;
    }

    public Optional<SampleMeta> meta(String sha256) {
        return Optional.ofNullable(accepted.get(sha256));
    }

    /**
     * Every accepted sample as S3 lists it now (other replicas' included), with the set of keys present, for a
     * dataset build. meta.json files this replica has not seen are read in parallel; they never change, so memory
     * keeps them.
     */
    public Listing listAccepted() {
        List<String> shas = new ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (ObjectInfo info : store.list(Keys.SAMPLES)) {
            keys.add(info.key());
            Keys.sampleShaOf(info.key(), Keys.SAMPLE_META).ifPresent(shas::add);
        }
        List<String> missing = shas.stream().filter(s -> !accepted.containsKey(s)).map(Keys::sampleMeta).toList();
        readAll(missing, SampleMeta::read).forEach(this::addAccepted);
        List<SampleMeta> metas = shas.stream().map(accepted::get).filter(java.util.Objects::nonNull)
                .sorted(java.util.Comparator.comparing(SampleMeta::sha256)).toList();
        return new Listing(metas, keys);
    }

    /**
     * How many accepted samples S3 lists now, every replica's (their meta.json markers), without reading any: the
     * automatic dataset's count, the same on every replica that lists at the same time.
     */
    public int countAccepted() {
        int n = 0;
        for (ObjectInfo info : store.list(Keys.SAMPLES)) {
            if (Keys.sampleShaOf(info.key(), Keys.SAMPLE_META).isPresent()) {
                n++;
            }
        }
        return n;
    }

    /** The accepted samples and every key under {@code samples/} at one moment. */
    public record Listing(List<SampleMeta> samples, java.util.Set<String> keys) {
    }

    public Stats stats() {
        Map<String, Integer> bySplit = new TreeMap<>();
        accepted.values().forEach(m -> bySplit.merge(m.split(), 1, Integer::sum));
        Map<String, Integer> byRule = new TreeMap<>();
        rejectedRules.values().forEach(r -> byRule.merge(r, 1, Integer::sum));
        return new Stats(accepted.size(), rejectedRules.size(), bySplit, byRule);
    }

    /** Reads many objects on the reader pool, in the order of {@code keys}. */
    public <T> List<T> readAll(List<String> keys, Function<byte[], T> parse) {
        List<Future<T>> futures = new ArrayList<>(keys.size());
        for (String key : keys) {
            futures.add(readers.submit(() -> parse.apply(store.get(key))));
        }
        return join(futures);
    }

    /** Runs tasks on the reader pool and returns their results in order; the first failure fails all. */
    public <T> List<T> runAll(List<java.util.concurrent.Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (var task : tasks) {
            futures.add(readers.submit(task));
        }
        return join(futures);
    }

    private static <T> List<T> join(List<Future<T>> futures) {
        List<T> out = new ArrayList<>(futures.size());
        try {
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading from S3", e);
        }
    }

    private <T> Optional<T> fetch(String key, Function<byte[], T> parse) {
        if (!store.exists(key)) {
            return Optional.empty();
        }
        return Optional.of(parse.apply(store.get(key)));
    }
}
