package org.inkflow.inference.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dynamic batching in the manner of DJL Serving and Triton: concurrent requests for the same model and image size
 * are gathered into one batch until it holds {@code maxBatchSize} images or its oldest request has waited
 * {@code maxDelay}, then run by one call of the model. The queue is bounded in requests and in bytes of queued input
 * (4 bytes per {@code float} of line art), so an overloaded service answers at once ({@link QueueFullException})
 * instead of letting latency or memory grow without limit; a request bigger than the whole byte bound could never run
 * and is refused as such ({@link RequestTooLargeException}). The bytes counted are what the queue holds: the line art
 * of waiting requests. A batch's output ({@code 3 floats per pixel}) is allocated only while it runs, by at most
 * {@code workers} batches of at most {@code maxBatchSize} images (or one larger request), so it is bounded by those
 * settings and not counted here.
 *
 * <p>The delay is only spent while the model is busy: when no batch is running, whatever is queued runs at once,
 * so a lone client pays no batching delay, and under load batches form from the requests that arrive while the
 * previous batch runs (measured on CPU: waiting the full delay with an idle model cost a 1-client p50 of +7 ms).
 *
 * <p>Batches are size-aware: a batch holds at most {@code maxBatchPixels} pixels as well ({@code maxBatchSize} images
 * of 64x64 by default, but one 256x256 image), because on a CPU a batch of large images runs slower per image than
 * the same images one by one (measured: 25.6 images/s at batch 16 against 34.8 at batch 1, 256x256; 601.6 against
 * 375.6 at 64x64), while a GPU wants the pixels together; the cap is the knob.
 *
 * <p>With {@code callerRunsWhenIdle}, the lone request on an idle model does not even change threads: the submitting
 * thread runs it. That call counts as a running batch, so at most {@code workers} batches plus that one run at once.
 *
 * <p>Each worker thread forms and runs one batch at a time; with more than one worker, batches of different keys
 * (or the next batch of the same key) form while one runs. A request that holds {@code maxBatchSize} images or
 * more runs alone, unsplit. A request whose future is already done (timed out, cancelled) is dropped unrun, also
 * one that timed out while its batch was forming: the request timeout stops the work, not only the answer. A request
 * already in a running batch cannot be taken out of the model call; its result is dropped.
 */
public final class DynamicBatcher implements AutoCloseable {

    private final int maxBatchSize;
    private final long maxBatchPixels;
    private final boolean callerRunsWhenIdle;
    private final long maxDelayNanos;
    private final int capacity;
    private final long capacityBytes;
    private final BatchListener listener;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Every waiting request in arrival order; at most {@link #capacity}. */
    private final LinkedList<Pending> queue = new LinkedList<>();
    /** Keys a worker is gathering a batch for right now, so two workers do not race for the same requests. */
    private final Set<BatchKey> forming = new HashSet<>();
    private final List<Thread> workers = new ArrayList<>();
    /** Bytes of line art held by {@link #queue}. */
    private long queuedBytes;
    /** Batches being run by the model right now. */
    private int running;
    private boolean closed;

    /**
     * @param maxBatchSize images per batch at most ({@code 1} turns batching off)
     * @param maxDelay     how long the oldest request of a batch may wait for others to join
     * @param capacity      requests that may wait at once; the next one is refused
     * @param capacityBytes bytes of line art that may wait at once (4 per value); a request that would pass it is
     *                      refused
     * @param workers       threads forming and running batches
     */
    public DynamicBatcher(int maxBatchSize, Duration maxDelay, int capacity, long capacityBytes, int workers,
                          BatchListener listener) {
        this(maxBatchSize, Long.MAX_VALUE, maxDelay, capacity, capacityBytes, workers, false, listener);
    }

    /**
     * As {@link #DynamicBatcher(int, Duration, int, long, int, BatchListener)} with a cap on a batch's pixels as well
     * as its images: a batch of {@code H x W} images holds at most {@code max(1, maxBatchPixels / (H * W))} of them.
     *
     * @param callerRunsWhenIdle whether a request that finds the queue empty and no batch running is run by the
     *                           thread that submits it, inside {@link #submit}, instead of handed to a worker: no
     *                           thread hop for a lone client (the future is complete when {@code submit} returns).
     *                           Only for callers that may block in {@code submit}.
     */
    public DynamicBatcher(int maxBatchSize, long maxBatchPixels, Duration maxDelay, int capacity, long capacityBytes,
                          int workers, boolean callerRunsWhenIdle, BatchListener listener) {
        if (maxBatchPixels < 1) {
            throw new IllegalArgumentException("max batch pixels (" + maxBatchPixels + ") must be at least 1");
        }
        if (maxBatchSize < 1 || capacity < 1 || capacityBytes < 1 || workers < 1 || maxDelay.isNegative()) {
            throw new IllegalArgumentException("max batch size (" + maxBatchSize + "), capacity (" + capacity
                    + "), capacity in bytes (" + capacityBytes + ") and workers (" + workers
                    + ") must be at least 1 and the max delay (" + maxDelay + ") not negative");
        }
        this.maxBatchSize = maxBatchSize;
        this.maxBatchPixels = maxBatchPixels;
        this.callerRunsWhenIdle = callerRunsWhenIdle;
        this.maxDelayNanos = maxDelay.toNanos();
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
        this.listener = listener == null ? (images, requests, nanos) -> { } : listener;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, "inference-batcher-" + i);
            t.setDaemon(true);
            this.workers.add(t);
            t.start();
        }
    }

    /**
     * Queues {@code n} images of {@code key}'s size for {@code key}'s model.
     *
     * @param lineArt {@code [n, key.height, key.width, 1]} in [0,1]
     * @return completes with {@code [n, key.height, key.width, 3]} RGB, or with the model's error
     * @throws QueueFullException       when {@code capacity} requests are already waiting, or the request's bytes
     *                                    would take the queue past {@code capacityBytes}
     * @throws RequestTooLargeException when the request alone is bigger than {@code capacityBytes}
     */
    public CompletableFuture<float[]> submit(BatchKey key, int n, float[] lineArt) {
        return submit(key, n, lineArt, () -> { });
    }

    /**
     * As {@link #submit(BatchKey, int, float[])}; {@code finished} runs once the batcher is done with the request:
     * after its batch ran, or when it was dropped unrun. Completing the future early (a timeout) does not run it
     * while the request's batch is still running, so a model the request holds stays open until then.
     */
    public CompletableFuture<float[]> submit(BatchKey key, int n, float[] lineArt, Runnable finished) {
        return submit(key, n, lineArt, null, finished);
    }

    /**
     * As {@link #submit(BatchKey, int, float[], Runnable)} with color hints {@code [n, H, W, 4]} ({@code null}: none).
     * Requests with and without hints for the same model and size share a batch: the ones without get zeros, which
     * is "no hints" to a hint model.
     */
    public CompletableFuture<float[]> submit(BatchKey key, int n, float[] lineArt, float[] hints, Runnable finished) {
        int expected = n * key.height() * key.width();
        if (n < 1 || lineArt.length != expected) {
            throw new IllegalArgumentException("line art holds " + lineArt.length + " values; " + n + " images of "
                    + key.width() + "x" + key.height() + " need " + expected);
        }
        if (hints != null && hints.length != expected * 4) {
            throw new IllegalArgumentException("hints hold " + hints.length + " values; " + n + " images of "
                    + key.width() + "x" + key.height() + " need " + expected * 4);
        }
        long bytes = bytes(lineArt) + (hints == null ? 0 : bytes(hints));
        if (bytes > capacityBytes) {
            throw new RequestTooLargeException("the request's line art takes " + bytes + " bytes (" + n + " images of "
                    + key.width() + "x" + key.height() + ", 4 bytes a value); the queue holds at most " + capacityBytes
                    + " bytes (inkflow.inference.batching.queue-capacity-bytes), so it could never run: send fewer or"
                    + " smaller images per request");
        }
        Pending p = new Pending(key, n, lineArt, hints, System.nanoTime(), finished);
        boolean callerRuns;
        lock.lock();
        try {
            if (closed) {
                throw new QueueFullException("the batcher is shutting down");
            }
            dropDone(); // requests that timed out while waiting no longer hold their place
            if (queue.size() >= capacity) {
                throw new QueueFullException("the inference queue is full (" + capacity
                        + " requests waiting; inkflow.inference.batching.queue-capacity); retry shortly");
            }
            if (queuedBytes + bytes > capacityBytes) {
                throw new QueueFullException("the inference queue is full (" + queuedBytes + " bytes of input waiting;"
                        + " this request's " + bytes + " would pass " + capacityBytes
                        + ", inkflow.inference.batching.queue-capacity-bytes); retry shortly");
            }
            callerRuns = callerRunsWhenIdle && running == 0 && queue.isEmpty();
            if (callerRuns) {
                running++; // requests that arrive meanwhile wait for company, as behind a worker's batch
            } else {
                queue.addLast(p);
                queuedBytes += bytes;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (callerRuns) {
            try {
                run(List.of(p));
            } finally {
                finishedRunning();
            }
        }
        return p.result;
    }

    /** Requests waiting to be batched. */
    public int queueDepth() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of line art waiting to be batched (4 per value). */
    public long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    private static long bytes(float[] lineArt) {
        return (long) Float.BYTES * lineArt.length;
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** Images of {@code key}'s size one batch may hold: the image cap, lowered by the pixel cap, at least 1. */
    int batchLimit(BatchKey key) {
        long pixels = (long) key.height() * key.width();
        return (int) Math.max(1, Math.min(maxBatchSize, maxBatchPixels / pixels));
    }

    private void work() {
        while (true) {
            List<Pending> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            try {
                run(batch);
            } finally {
                finishedRunning();
            }
        }
    }

    private void finishedRunning() {
        lock.lock();
        try {
            running--;
            changed.signalAll(); // a batch waiting for the model to be free can go now
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a batch to form and takes it out of the queue; {@code null} once closed. */
    private List<Pending> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    return null;
                }
                dropDone();
                Pending head = oldestUnclaimed();
                if (head == null) {
                    changed.await();
                    continue;
                }
                BatchKey key = head.key;
                forming.add(key);
                try {
                    long deadline = head.enqueuedNanos + maxDelayNanos;
                    // Wait for company only while the model is busy anyway.
                    int limit = batchLimit(key);
                    while (!closed && running > 0 && imagesFor(key) < limit) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        changed.awaitNanos(left);
                    }
                    if (closed) {
                        return null;
                    }
                    List<Pending> batch = take(key);
                    if (!batch.isEmpty()) {
                        running++;
                        return batch;
                    }
                } finally {
                    forming.remove(key);
                    // Another worker may be waiting for this key to be free.
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes {@code p}, the iterator's current request, out of the queue and its bytes out of the count. */
    private void unqueue(Iterator<Pending> it, Pending p) {
        it.remove();
        queuedBytes -= bytes(p.lineArt) + (p.hints == null ? 0 : bytes(p.hints));
    }

    private void dropDone() {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.result.isDone()) {
                unqueue(it, p);
                p.finish();
            }
        }
    }

    private Pending oldestUnclaimed() {
        for (Pending p : queue) {
            if (!forming.contains(p.key)) {
                return p;
            }
        }
        return null;
    }

    private int imagesFor(BatchKey key) {
        int images = 0;
        for (Pending p : queue) {
            if (p.key.equals(key) && !p.result.isDone()) {
                images += p.n;
            }
        }
        return images;
    }

    /** The oldest requests of {@code key} that fit in one batch (at least one, even if it alone is bigger). */
    private List<Pending> take(BatchKey key) {
        List<Pending> batch = new ArrayList<>();
        int limit = batchLimit(key);
        int images = 0;
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.result.isDone()) {
                unqueue(it, p);
                p.finish();
                continue;
            }
            if (!p.key.equals(key)) {
                continue;
            }
            if (!batch.isEmpty() && images + p.n > limit) {
                break;
            }
            unqueue(it, p);
            batch.add(p);
            images += p.n;
            if (images >= limit) {
                break;
            }
        }
        return batch;
    }

    private void run(List<Pending> batch) {
        BatchKey key = batch.get(0).key;
        int pixels = key.height() * key.width();
        int images = 0;
        for (Pending p : batch) {
            images += p.n;
        }
        long start = System.nanoTime();
        try {
            float[] input;
            if (batch.size() == 1) {
                input = batch.get(0).lineArt;
            } else {
                // [images, H, W, 1]: the requests' line art one after another
                input = new float[images * pixels];
                int offset = 0;
                for (Pending p : batch) {
                    System.arraycopy(p.lineArt, 0, input, offset, p.lineArt.length);
                    offset += p.lineArt.length;
                }
            }
            float[] hints = hints(batch, images * pixels * 4);
            float[] rgb = hints == null ? key.predictor().predict(images, key.height(), key.width(), input)
                    : key.predictor().predict(images, key.height(), key.width(), input, hints);
            if (rgb.length != images * pixels * 3) {
                throw new IllegalStateException("the model returned " + rgb.length + " values for " + images
                        + " images of " + key.width() + "x" + key.height() + "; expected " + images * pixels * 3);
            }
            listener.onBatch(images, batch.size(), System.nanoTime() - start);
            if (batch.size() == 1) {
                batch.get(0).result.complete(rgb);
                return;
            }
            int offset = 0;
            for (Pending p : batch) {
                int length = p.n * pixels * 3;
                float[] part = new float[length];
                System.arraycopy(rgb, offset, part, 0, length);
                offset += length;
                p.result.complete(part);
            }
        } catch (RuntimeException | Error e) {
            for (Pending p : batch) {
                p.result.completeExceptionally(e);
            }
        } finally {
            batch.forEach(Pending::finish);
        }
    }

    /**
     * {@code [images, H, W, 4]}: the requests' hints one after another, zeros for a request without; null when no
     * request in the batch has hints.
     */
    private static float[] hints(List<Pending> batch, int length) {
        if (batch.stream().allMatch(p -> p.hints == null)) {
            return null;
        }
        if (batch.size() == 1) {
            return batch.get(0).hints;
        }
        float[] out = new float[length];
        int offset = 0;
        for (Pending p : batch) {
            int size = p.lineArt.length * 4;
            if (p.hints != null) {
                System.arraycopy(p.hints, 0, out, offset, size);
            }
            offset += size;
        }
        return out;
    }

    /** Stops the workers; waiting requests fail with a {@link CancellationException}. */
    @Override
    public void close() {
        List<Pending> left;
        lock.lock();
        try {
            closed = true;
            left = new ArrayList<>(queue);
            queue.clear();
            queuedBytes = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Pending p : left) {
            p.result.completeExceptionally(new CancellationException("the inference service is shutting down"));
            p.finish();
        }
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class Pending {
        final BatchKey key;
        final int n;
        final float[] lineArt;
        final float[] hints;
        final long enqueuedNanos;
        final Runnable finished;
        final CompletableFuture<float[]> result = new CompletableFuture<>();

        Pending(BatchKey key, int n, float[] lineArt, float[] hints, long enqueuedNanos, Runnable finished) {
            this.key = key;
            this.n = n;
            this.lineArt = lineArt;
            this.hints = hints;
            this.enqueuedNanos = enqueuedNanos;
            this.finished = finished;
        }

        void finish() {
            try {
                finished.run();
            } catch (RuntimeException e) {
                // A release hook must not stop the worker; nothing else depends on it.
            }
        }
    }
}
