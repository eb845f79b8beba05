package org.inkflow.inference.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.inkflow.inference.serving.Predictor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {

    /** Colors each pixel (r, g, b) = (v, v/2, 1-v) and records every call's batch shape. */
    static class RecordingPredictor implements Predictor {
        final List<int[]> calls = new CopyOnWriteArrayList<>();
        /** The thread of each call. */
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        /** Opens when a call starts (before the gate). */
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch gate;
        /** Simulated compute time per call, so that the model is busy while clients send more. */
        long latencyNanos;

        RecordingPredictor(CountDownLatch gate) {
            this.gate = gate;
        }

        @Override
        public float[] predict(int n, int height, int width, float[] lineArt) {
            started.countDown();
            if (latencyNanos > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(latencyNanos);
            }
            try {
                if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            calls.add(new int[] {n, height, width});
            threads.add(Thread.currentThread());
            float[] rgb = new float[n * height * width * 3]; // [n, H, W, 3]
            for (int i = 0; i < lineArt.length; i++) {
                rgb[i * 3] = lineArt[i];
                rgb[i * 3 + 1] = lineArt[i] / 2;
                rgb[i * 3 + 2] = 1 - lineArt[i];
            }
            return rgb;
        }

        @Override
        public void close() {
        }
    }

    private final List<DynamicBatcher> batchers = new ArrayList<>();
    private final ExecutorService clients = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        batchers.forEach(DynamicBatcher::close);
        clients.shutdownNow();
    }

    private DynamicBatcher batcher(int maxBatch, Duration delay, int capacity, int workers, BatchListener listener) {
        return batcher(maxBatch, delay, capacity, 1L << 30, workers, listener);
    }

    private DynamicBatcher batcher(int maxBatch, Duration delay, int capacity, long capacityBytes, int workers,
                                   BatchListener listener) {
        DynamicBatcher b = new DynamicBatcher(maxBatch, delay, capacity, capacityBytes, workers, listener);
        batchers.add(b);
        return b;
    }

    /** {@code [height, width]} gray, every pixel {@code value}. */
    private static float[] image(int height, int width, float value) {
        float[] a = new float[height * width];
        java.util.Arrays.fill(a, value);
        return a;
    }

    /** Occupies one worker with a batch that runs until {@code gate} opens: the model is busy. */
    private static void busy(DynamicBatcher batcher, CountDownLatch gate) {
        batcher.submit(new BatchKey(new RecordingPredictor(gate), 1, 1), 1, new float[1]);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> batcher.queueDepth() == 0);
    }

    @Test
    void concurrentRequestsOfOneSizeRunAsOneBatchAndEachGetsItsOwnRows() throws Exception {
        RecordingPredictor model = new RecordingPredictor(null);
        DynamicBatcher batcher = batcher(8, Duration.ofSeconds(5), 64, 2, null);
        CountDownLatch gate = new CountDownLatch(1);
        busy(batcher, gate);
        BatchKey key = new BatchKey(model, 3, 5);
        List<CompletableFuture<float[]>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(batcher.submit(key, 1, image(3, 5, i / 10f)));
        }
        // 8 images fill the batch long before the 5 s delay: one call.
        for (int i = 0; i < 8; i++) {
            float[] rgb = results.get(i).get(2, TimeUnit.SECONDS);
            assertThat(rgb).hasSize(3 * 5 * 3);
            assertThat(rgb[0]).isEqualTo(i / 10f);
            assertThat(rgb[2]).isEqualTo(1 - i / 10f);
        }
        assertThat(model.calls).hasSize(1);
        assertThat(model.calls.get(0)).containsExactly(8, 3, 5);
        gate.countDown();
    }

    /** A hint model that answers each pixel's hint R (or -1 without hints at all) in every channel. */
    static class HintEcho implements Predictor {
        final List<Boolean> calledWithHints = new CopyOnWriteArrayList<>();

        @Override
        public float[] predict(int n, int height, int width, float[] lineArt) {
            calledWithHints.add(false);
            float[] rgb = new float[n * height * width * 3];
            java.util.Arrays.fill(rgb, -1f);
            return rgb;
        }

        @Override
        public float[] predict(int n, int height, int width, float[] lineArt, float[] hints) {
            calledWithHints.add(true);
            float[] rgb = new float[n * height * width * 3];
            for (int p = 0; p < n * height * width; p++) {
                rgb[p * 3] = hints[p * 4];
                rgb[p * 3 + 1] = hints[p * 4 + 3];
            }
            return rgb;
        }

        @Override
        public boolean takesHints() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void requestsWithAndWithoutHintsShareABatchAndThoseWithoutGetZeros() throws Exception {
        HintEcho model = new HintEcho();
        DynamicBatcher batcher = batcher(4, Duration.ofSeconds(5), 64, 2, null);
        CountDownLatch gate = new CountDownLatch(1);
        busy(batcher, gate);
        BatchKey key = new BatchKey(model, 2, 3);
        float[] hints = new float[2 * 3 * 4];
        for (int p = 0; p < 6; p++) {
            hints[p * 4] = 0.25f + p / 10f;
            hints[p * 4 + 3] = 1f;
        }
        CompletableFuture<float[]> plain = batcher.submit(key, 1, image(2, 3, 1f));
        CompletableFuture<float[]> hinted = batcher.submit(key, 1, image(2, 3, 1f), hints, () -> { });
        CompletableFuture<float[]> plain2 = batcher.submit(key, 2, new float[12]);
        float[] a = plain.get(5, TimeUnit.SECONDS);
        float[] b = hinted.get(5, TimeUnit.SECONDS);
        float[] c = plain2.get(5, TimeUnit.SECONDS);
        // One batch of 4 images (filled before the 5 s delay), fed hints: zeros for the requests without.
        assertThat(model.calledWithHints).containsExactly(true);
        for (int p = 0; p < 6; p++) {
            assertThat(a[p * 3]).isZero();
            assertThat(a[p * 3 + 1]).isZero();
            assertThat(b[p * 3]).isEqualTo(0.25f + p / 10f);
            assertThat(b[p * 3 + 1]).isEqualTo(1f);
        }
        assertThat(c).containsOnly(0f);
        assertThatThrownBy(() -> batcher.submit(key, 1, image(2, 3, 1f), new float[5], () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hints hold 5 values");
        gate.countDown();
        // Without any hint in the batch the model runs its plain path.
        assertThat(batcher.submit(key, 1, image(2, 3, 1f)).get(5, TimeUnit.SECONDS)[0]).isEqualTo(-1f);
    }

    @Test
    void aLoneRequestOnAnIdleModelRunsAtOnce() throws Exception {
        RecordingPredictor model = new RecordingPredictor(null);
        DynamicBatcher batcher = batcher(16, Duration.ofSeconds(30), 64, 1, null);
        float[] rgb = batcher.submit(new BatchKey(model, 4, 2), 1, image(4, 2, 0.5f)).get(5, TimeUnit.SECONDS);
        assertThat(rgb).hasSize(4 * 2 * 3);
        assertThat(model.calls).hasSize(1);
        assertThat(model.calls.get(0)).containsExactly(1, 4, 2);
    }

    @Test
    void whileTheModelIsBusyARequestWaitsForCompanyAtMostTheMaxDelay() throws Exception {
        RecordingPredictor model = new RecordingPredictor(null);
        DynamicBatcher batcher = batcher(16, Duration.ofMillis(80), 64, 2, null);
        CountDownLatch gate = new CountDownLatch(1);
        busy(batcher, gate);
        long start = System.nanoTime();
        float[] rgb = batcher.submit(new BatchKey(model, 4, 2), 1, image(4, 2, 0.5f)).get(5, TimeUnit.SECONDS);
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // It ran while the other batch still blocks: the max delay, not the busy model, bounded its wait.
        assertThat(gate.getCount()).isEqualTo(1);
        assertThat(rgb).hasSize(4 * 2 * 3);
        assertThat(waitedMs).isGreaterThanOrEqualTo(75).isLessThan(3000);
        assertThat(model.calls).hasSize(1);
        gate.countDown();
    }

    @Test
    void requestsAreGroupedByImageSizeAndModelNeverMixed() throws Exception {
        RecordingPredictor a = new RecordingPredictor(null);
        RecordingPredictor b = new RecordingPredictor(null);
        DynamicBatcher batcher = batcher(16, Duration.ofMillis(100), 64, 2, null);
        CountDownLatch gate = new CountDownLatch(1);
        busy(batcher, gate);
        List<CompletableFuture<float[]>> results = new ArrayList<>();
        // Interleave three keys: model a at 3x5 and 5x3 (swapped axes must not mix), model b at 3x5.
        for (int i = 0; i < 4; i++) {
            results.add(batcher.submit(new BatchKey(a, 3, 5), 1, image(3, 5, 0.1f)));
            results.add(batcher.submit(new BatchKey(a, 5, 3), 1, image(5, 3, 0.2f)));
            results.add(batcher.submit(new BatchKey(b, 3, 5), 2, image(3, 5 * 2, 0.3f)));
        }
        for (CompletableFuture<float[]> r : results) {
            r.get(5, TimeUnit.SECONDS);
        }
        assertThat(a.calls).extracting(c -> c[1] + "x" + c[2] + "*" + c[0]).containsExactlyInAnyOrder("3x5*4", "5x3*4");
        assertThat(b.calls).extracting(c -> c[1] + "x" + c[2] + "*" + c[0]).containsExactly("3x5*8");
        assertThat(results.get(2).get()).hasSize(2 * 3 * 5 * 3);
        assertThat(results.get(2).get()[0]).isEqualTo(0.3f);
        gate.countDown();
    }

    @Test
    void batchesNeverExceedTheMaxSizeButABigRequestRunsWhole() throws Exception {
        RecordingPredictor model = new RecordingPredictor(null);
        DynamicBatcher batcher = batcher(4, Duration.ofMillis(20), 64, 1, null);
        BatchKey key = new BatchKey(model, 2, 3);
        List<CompletableFuture<float[]>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(batcher.submit(key, 1, image(2, 3, 0f)));
        }
        results.add(batcher.submit(key, 6, image(2 * 6, 3, 0f)));
        for (CompletableFuture<float[]> r : results) {
            r.get(5, TimeUnit.SECONDS);
        }
        assertThat(model.calls).extracting(c -> c[0]).allMatch(n -> n <= 4 || n == 6);
        assertThat(model.calls.stream().mapToInt(c -> c[0]).sum()).isEqualTo(16);
        assertThat(model.calls).extracting(c -> c[0]).contains(6);
    }

    @Test
    void aBatchOfLargeImagesHoldsNoMoreThanThePixelCapAndSmallImagesStillFillTheImageCap() throws Exception {
        RecordingPredictor model = new RecordingPredictor(null);
        // 8 images at most, 60 pixels at most: 3x5 images batch by 4, 6x10 images run alone.
        DynamicBatcher batcher = new DynamicBatcher(8, 60, Duration.ofSeconds(5), 64, 1L << 30, 2, false, null);
        batchers.add(batcher);
        CountDownLatch gate = new CountDownLatch(1);
        busy(batcher, gate);
        List<CompletableFuture<float[]>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(batcher.submit(new BatchKey(model, 3, 5), 1, image(3, 5, 0.5f)));
            results.add(batcher.submit(new BatchKey(model, 6, 10), 1, image(6, 10, 0.25f)));
        }
        results.add(batcher.submit(new BatchKey(model, 1, 2), 1, image(1, 2, 0f))); // 1x2: the image cap, 8, binds
        for (int i = 0; i < 7; i++) {
            results.add(batcher.submit(new BatchKey(model, 1, 2), 1, image(1, 2, 0f)));
        }
        gate.countDown();
        for (CompletableFuture<float[]> r : results) {
            r.get(5, TimeUnit.SECONDS);
        }
        assertThat(model.calls).filteredOn(c -> c[1] == 6).extracting(c -> c[0]).containsOnly(1).hasSize(8);
        assertThat(model.calls).filteredOn(c -> c[1] == 3).extracting(c -> c[0]).allMatch(n -> n <= 4)
                .contains(4);
        assertThat(model.calls).filteredOn(c -> c[1] == 1).extracting(c -> c[0]).contains(8);
        // Each got its own rows back: 6x10 images are 0.25 everywhere.
        assertThat(results.get(1).get()[0]).isEqualTo(0.25f);
    }

    @Test
    void withCallerRunsALoneRequestOnAnIdleModelRunsOnTheSubmittingThreadAndOneArrivingMeanwhileWaitsForAWorker()
            throws Exception {
        DynamicBatcher batcher = new DynamicBatcher(4, Long.MAX_VALUE, Duration.ofMillis(50), 16, 1L << 30, 1, true,
                null);
        batchers.add(batcher);
        RecordingPredictor idle = new RecordingPredictor(null);
        CompletableFuture<float[]> first = batcher.submit(new BatchKey(idle, 2, 3), 1, image(2, 3, 0.5f));
        assertThat(first).isCompleted(); // ran inside submit
        assertThat(first.get()[0]).isEqualTo(0.5f);
        assertThat(idle.threads).containsExactly(Thread.currentThread());

        // A caller-run request holds the model: one submitted meanwhile (from another thread) is queued for a worker.
        CountDownLatch gate = new CountDownLatch(1);
        RecordingPredictor slow = new RecordingPredictor(gate);
        CompletableFuture<CompletableFuture<float[]>> held = CompletableFuture.supplyAsync(
                () -> batcher.submit(new BatchKey(slow, 2, 3), 1, image(2, 3, 0.1f)), clients);
        assertThat(slow.started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(held).isNotDone();
        RecordingPredictor queued = new RecordingPredictor(null);
        CompletableFuture<float[]> second = batcher.submit(new BatchKey(queued, 2, 3), 1, image(2, 3, 0.25f));
        gate.countDown();
        assertThat(second.get(5, TimeUnit.SECONDS)[0]).isEqualTo(0.25f);
        assertThat(held.get(5, TimeUnit.SECONDS).get()[0]).isEqualTo(0.1f);
        assertThat(queued.threads).hasSize(1).allMatch(t -> t.getName().startsWith("inference-batcher-"));
        assertThat(slow.threads).hasSize(1).noneMatch(t -> t.getName().startsWith("inference-batcher-"));
    }

    @Test
    void aPixelCapBelowOneIsRefused() {
        assertThatThrownBy(() -> new DynamicBatcher(8, 0, Duration.ZERO, 4, 1024, 1, false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max batch pixels (0)");
    }

    @Test
    void theQueueIsBoundedAndRefusesTheNextRequest() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        RecordingPredictor model = new RecordingPredictor(gate);
        DynamicBatcher batcher = batcher(1, Duration.ZERO, 3, 1, null);
        BatchKey key = new BatchKey(model, 2, 2);
        List<CompletableFuture<float[]>> accepted = new ArrayList<>();
        // The first request is taken by the worker, which then blocks on the gate; three more fill the queue.
        accepted.add(batcher.submit(key, 1, image(2, 2, 0f)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> batcher.queueDepth() == 0);
        for (int i = 0; i < 3; i++) {
            accepted.add(batcher.submit(key, 1, image(2, 2, 0f)));
        }
        assertThat(batcher.queueDepth()).isEqualTo(3);
        assertThatThrownBy(() -> batcher.submit(key, 1, image(2, 2, 0f)))
                .isInstanceOf(QueueFullException.class)
                .hasMessageContaining("3 requests waiting")
                .hasMessageContaining("queue-capacity");
        gate.countDown();
        for (CompletableFuture<float[]> r : accepted) {
            assertThat(r.get(5, TimeUnit.SECONDS)).hasSize(12);
        }
        assertThat(batcher.queueDepth()).isZero();
    }

    @Test
    void manyClientsFormBatchesLargerThanOne() throws Exception {
        RecordingPredictor model = new RecordingPredictor(null);
        model.latencyNanos = TimeUnit.MILLISECONDS.toNanos(2);
        AtomicInteger biggest = new AtomicInteger();
        AtomicInteger images = new AtomicInteger();
        DynamicBatcher batcher = batcher(16, Duration.ofMillis(5), 256, 2, (n, requests, nanos) -> {
            biggest.accumulateAndGet(n, Math::max);
            images.addAndGet(n);
        });
        BatchKey key = new BatchKey(model, 8, 6);
        List<CompletableFuture<Void>> clientsDone = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int client = c;
            clientsDone.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 25; i++) {
                    float v = (client * 25 + i) / 200f;
                    float[] rgb = batcher.submit(key, 1, image(8, 6, v)).join();
                    if (rgb[0] != v || rgb.length != 8 * 6 * 3) {
                        throw new AssertionError("client " + client + " got another request's result");
                    }
                }
            }, clients));
        }
        CompletableFuture.allOf(clientsDone.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(images.get()).isEqualTo(200);
        assertThat(biggest.get()).isGreaterThan(1).isLessThanOrEqualTo(16);
    }

    @Test
    void aModelErrorFailsOnlyItsBatchAndTheWorkerGoesOn() throws Exception {
        Predictor broken = new RecordingPredictor(null) {
            @Override
            public float[] predict(int n, int height, int width, float[] lineArt) {
                throw new IllegalStateException("boom");
            }
        };
        RecordingPredictor good = new RecordingPredictor(null);
        DynamicBatcher batcher = batcher(4, Duration.ofMillis(1), 16, 1, null);
        CompletableFuture<float[]> failed = batcher.submit(new BatchKey(broken, 2, 2), 1, image(2, 2, 0f));
        assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("boom");
        assertThat(batcher.submit(new BatchKey(good, 2, 2), 1, image(2, 2, 0f)).get(5, TimeUnit.SECONDS)).hasSize(12);
    }

    @Test
    void aTimedOutRequestIsDroppedAndItsReleaseRunsOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        RecordingPredictor model = new RecordingPredictor(gate);
        DynamicBatcher batcher = batcher(1, Duration.ZERO, 8, 1, null);
        BatchKey key = new BatchKey(model, 2, 2);
        AtomicInteger released = new AtomicInteger();
        CompletableFuture<float[]> running = batcher.submit(key, 1, image(2, 2, 0f), released::incrementAndGet);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> batcher.queueDepth() == 0);
        CompletableFuture<float[]> waiting = batcher.submit(key, 1, image(2, 2, 0f), released::incrementAndGet);
        waiting.orTimeout(1, TimeUnit.MILLISECONDS);
        running.orTimeout(1, TimeUnit.MILLISECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> waiting.isDone() && running.isDone());
        // The running request's model is still in use: its release waits for the batch to finish.
        assertThat(released.get()).isZero();
        gate.countDown();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> released.get() == 2);
        assertThat(model.calls).hasSize(1);
    }

    @Test
    void theQueueIsBoundedInBytesAndARequestBiggerThanTheBoundIsRefusedAsSuch() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        RecordingPredictor model = new RecordingPredictor(gate);
        // One 2x3 image is 6 values, 24 bytes; the queue may hold 60 bytes: two such images, not three.
        DynamicBatcher batcher = batcher(1, Duration.ZERO, 100, 60, 1, null);
        BatchKey key = new BatchKey(model, 2, 3);
        List<CompletableFuture<float[]>> accepted = new ArrayList<>();
        accepted.add(batcher.submit(key, 1, image(2, 3, 0.1f)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> batcher.queueDepth() == 0);
        assertThat(batcher.queuedBytes()).as("a running request no longer counts").isZero();
        accepted.add(batcher.submit(key, 1, image(2, 3, 0.2f)));
        accepted.add(batcher.submit(key, 1, image(2, 3, 0.3f)));
        assertThat(batcher.queuedBytes()).isEqualTo(48);

        assertThatThrownBy(() -> batcher.submit(key, 1, image(2, 3, 0f)))
                .isInstanceOf(QueueFullException.class)
                .hasMessageContaining("48 bytes of input waiting")
                .hasMessageContaining("this request's 24 would pass 60")
                .hasMessageContaining("queue-capacity-bytes");
        // 3 images of 3x2 (swapped axes, the same bytes): 72 bytes could never fit, whatever is queued.
        BatchKey swapped = new BatchKey(model, 3, 2);
        assertThatThrownBy(() -> batcher.submit(swapped, 3, image(3 * 3, 2, 0f)))
                .isInstanceOf(RequestTooLargeException.class)
                .hasMessageContaining("72 bytes (3 images of 2x3")
                .hasMessageContaining("at most 60 bytes (inkflow.inference.batching.queue-capacity-bytes)");
        assertThat(batcher.queuedBytes()).as("refused requests hold nothing").isEqualTo(48);

        // A waiting request that times out gives its bytes back at once: the next one fits.
        CompletableFuture<float[]> givenUp = accepted.remove(2);
        givenUp.orTimeout(1, TimeUnit.MILLISECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(givenUp::isDone);
        accepted.add(batcher.submit(key, 1, image(2, 3, 0.4f)));
        assertThat(batcher.queuedBytes()).isEqualTo(48);

        gate.countDown();
        for (CompletableFuture<float[]> r : accepted) {
            assertThat(r.get(5, TimeUnit.SECONDS)).hasSize(2 * 3 * 3);
        }
        assertThat(model.calls).as("the timed-out request never ran").hasSize(3);
        assertThat(batcher.queuedBytes()).isZero();
        // With the queue empty, a request of exactly the bound is taken.
        CompletableFuture<float[]> whole = batcher.submit(new BatchKey(model, 5, 3), 1, image(5, 3, 0.5f));
        assertThat(whole.get(5, TimeUnit.SECONDS)).hasSize(5 * 3 * 3);
    }

    @Test
    void aRequestThatTimedOutWhileItsBatchFormedIsNotRunAndTheOthersAre() throws Exception {
        RecordingPredictor model = new RecordingPredictor(null);
        DynamicBatcher batcher = batcher(4, Duration.ofMillis(300), 64, 2, null);
        CountDownLatch gate = new CountDownLatch(1);
        busy(batcher, gate); // the model is busy, so the next batch waits up to 300 ms for company
        BatchKey key = new BatchKey(model, 3, 5);
        AtomicInteger released = new AtomicInteger();
        CompletableFuture<float[]> first = batcher.submit(key, 1, image(3, 5, 0.1f), released::incrementAndGet);
        CompletableFuture<float[]> timedOut = batcher.submit(key, 1, image(3, 5, 0.2f), released::incrementAndGet);
        CompletableFuture<float[]> third = batcher.submit(key, 1, image(3, 5, 0.3f), released::incrementAndGet);
        // What orTimeout does when the request timeout passes, while the batch is still forming.
        timedOut.completeExceptionally(new java.util.concurrent.TimeoutException("request timeout (test)"));

        assertThat(first.get(5, TimeUnit.SECONDS)[0]).isEqualTo(0.1f);
        assertThat(third.get(5, TimeUnit.SECONDS)[0]).as("the rows after the dropped one are still its own").isEqualTo(0.3f);
        assertThatThrownBy(() -> timedOut.get()).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(model.calls).as("one call, without the timed-out request").hasSize(1);
        assertThat(model.calls.get(0)).containsExactly(2, 3, 5);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> released.get() == 3);
        gate.countDown();
    }

    @Test
    void wrongSizedInputIsRefusedAtOnce() {
        DynamicBatcher batcher = batcher(4, Duration.ZERO, 4, 1, null);
        assertThatThrownBy(() -> batcher.submit(new BatchKey(new RecordingPredictor(null), 3, 5), 1, new float[14]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5x3");
    }
}
