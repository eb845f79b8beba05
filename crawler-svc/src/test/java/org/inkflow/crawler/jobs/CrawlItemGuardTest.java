package org.inkflow.crawler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.crawl.Reasons;
import org.inkflow.crawler.fakes.InMemoryObjectStore;
import org.inkflow.crawler.fakes.TestImages;
import org.inkflow.crawler.sources.Candidate;
import org.inkflow.crawler.sources.ImageSource;
import org.inkflow.crawler.sources.RenderedImage;
import org.inkflow.crawler.sources.SourceCrawl;
import org.inkflow.crawler.sources.SourcePage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile items against the real crawl loop: renderers that run out of memory, overflow the stack or hang (one
 * ignoring its interrupt) fail their own item, and the items after them are stored.
 */
@Timeout(30)
class CrawlItemGuardTest {

    static final Duration ITEM_TIMEOUT = Duration.ofMillis(300);

    /** Opened by each test's end: frees the renderers that ignore their interrupt. */
    final CountDownLatch release = new CountDownLatch(1);
    /** When each item's render started and ended, by post id (System.nanoTime). */
    final Map<String, Long> started = new ConcurrentHashMap<>();
    final Map<String, Long> interrupted = new ConcurrentHashMap<>();
    final List<CrawlHarness> harnesses = new ArrayList<>();

    @AfterEach
    void stop() {
        release.countDown();
        harnesses.forEach(CrawlHarness::close);
    }

    /** One listing page of {@code items}, as a source named {@code hostile}. */
    private CrawlHarness harness(ItemGuard guard, List<Candidate> items) {
        ImageSource source = new ImageSource() {
            @Override
            public String name() {
                return "hostile";
            }

            @Override
            public void validate(CrawlSpec spec) {
            }

            @Override
            public SourceCrawl open(CrawlSpec spec) {
                return page -> new SourcePage(page == 0 ? items : List.of(), true);
            }
        };
        CrawlHarness h = new CrawlHarness(new InMemoryObjectStore(), 100, null, List.of(source), guard);
        harnesses.add(h);
        return h;
    }

    private Candidate item(String id, Candidate.Renderer renderer) {
        return new Candidate(id, null, null, null, List.of("zoo"), "g", null, null, "test:" + id, "CC0", id, "zoo",
                null, () -> {
                    started.put(id, System.nanoTime());
                    return renderer.render();
                });
    }

    private Candidate good(int seed) {
        // 40x24: not square, so a swapped width and height would show
        return item("good-" + seed, () -> new RenderedImage(TestImages.png(seed, 40, 24), 40, 24, null));
    }

    /** A real OutOfMemoryError from the VM, without using the heap: an array beyond the VM's limit. */
    private Candidate outOfMemory() {
        return item("oom", () -> {
            long[] huge = new long[Integer.MAX_VALUE];
            return new RenderedImage(new byte[(int) huge[0]], 1, 1, null);
        });
    }

    private Candidate stackOverflow() {
        return item("deep", () -> new RenderedImage(new byte[depth(0)], 1, 1, null));
    }

    private static int depth(int n) {
        return depth(n + 1) + 1;
    }

    /** Blocks until interrupted, then gives up: a well-behaved hang. */
    private Candidate hang() {
        return item("hang", () -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                interrupted.put("hang", System.nanoTime());
            }
            throw new IllegalStateException("unreachable: the item was given up");
        });
    }

    /** Blocks until the test ends, swallowing every interrupt: a worker Java cannot stop. */
    private Candidate hangIgnoringInterrupts(String id) {
        return item(id, () -> {
            while (true) {
                try {
                    if (release.await(1, TimeUnit.MINUTES)) {
                        return new RenderedImage(TestImages.png(99, 40, 24), 40, 24, null);
                    }
                } catch (InterruptedException e) {
                    interrupted.put(id, System.nanoTime());
                }
            }
        });
    }

    private CrawlJobStatus run(CrawlHarness h) {
        CrawlJobStatus submitted = h.service.submit(h.service.prepare(null, "hostile", "test:hostile", List.of(), null, 100,
                200.0, 32, null));
        return h.awaitEnd(submitted.id());
    }

    @Test
    void outOfMemoryStackOverflowAndHangsFailTheirItemAndTheJobCompletes() {
        ItemGuard guard = new ItemGuard(ITEM_TIMEOUT, 4);
        CrawlHarness h = harness(guard, List.of(good(1), outOfMemory(), good(2), stackOverflow(), good(3), hang(),
                good(4), hangIgnoringInterrupts("stuck"), good(5)));

        long start = System.nanoTime();
        CrawlJobStatus status = run(h);
        long jobMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(status.state()).as(status.error()).isEqualTo(JobState.COMPLETED);
        assertThat(status.counts().listed()).isEqualTo(9);
        assertThat(status.counts().stored()).as("every good item, also those after the bad ones").isEqualTo(5);
        assertThat(status.counts().failures()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Reasons.OUT_OF_MEMORY, 1L, Reasons.STACK_OVERFLOW, 1L, Reasons.ITEM_TIMEOUT, 2L));
        assertThat(h.events).extracting(e -> e.groupKey()).containsExactly("good-1", "good-2", "good-3", "good-4", "good-5");
        assertThat(h.counter("inkflow.crawler.failed.images", "reason", Reasons.OUT_OF_MEMORY)).isEqualTo(1);
        assertThat(h.counter("inkflow.crawler.failed.images", "reason", Reasons.STACK_OVERFLOW)).isEqualTo(1);
        assertThat(h.counter("inkflow.crawler.failed.images", "reason", Reasons.ITEM_TIMEOUT)).isEqualTo(2);

        // The hangs were given up after the item timeout, and their workers interrupted.
        long hangGivenUpMs = TimeUnit.NANOSECONDS.toMillis(interrupted.get("hang") - started.get("hang"));
        long stuckGivenUpMs = TimeUnit.NANOSECONDS.toMillis(started.get("good-5") - started.get("stuck"));
        System.out.printf("item-timeout %d ms: interruptible hang interrupted after %d ms; interrupt-ignoring hang"
                + " given up (next item started) after %d ms; whole job %d ms%n", ITEM_TIMEOUT.toMillis(), hangGivenUpMs,
                stuckGivenUpMs, jobMs);
        assertThat(hangGivenUpMs).isBetween(ITEM_TIMEOUT.toMillis(), 3_000L);
        assertThat(interrupted).containsKey("stuck");
        assertThat(stuckGivenUpMs).as("the timeout and at most the grace period").isBetween(ITEM_TIMEOUT.toMillis(), 3_000L);

        // The worker that ignored its interrupt is still running, and counted, until it lets go.
        assertThat(guard.stuckWorkers()).isEqualTo(1);
        assertThat(h.registry.find("inkflow.crawler.stuck_item.workers").gauge().value()).isEqualTo(1);
        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> guard.stuckWorkers() == 0);
    }

    @Test
    void atTheStuckWorkerLimitTheJobFailsSayingSoInsteadOfLeakingThreads() {
        ItemGuard guard = new ItemGuard(ITEM_TIMEOUT, 1);
        CrawlHarness h = harness(guard, List.of(hangIgnoringInterrupts("stuck"), good(1)));

        CrawlJobStatus status = run(h);

        assertThat(status.state()).isEqualTo(JobState.FAILED);
        assertThat(status.error()).contains("1 item worker threads are stuck").contains("inkflow.crawler.max-stuck-item-workers");
        assertThat(status.counts().failures()).containsExactlyEntriesOf(Map.of(Reasons.ITEM_TIMEOUT, 1L));
        assertThat(status.counts().stored()).isZero();
        assertThat(guard.stuckWorkers()).isEqualTo(1);
        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> guard.stuckWorkers() == 0);
        // With the stuck worker gone, the next job gets a fresh one.
        CrawlHarness again = harness(guard, List.of(good(2)));
        assertThat(run(again).counts().stored()).isEqualTo(1);
    }

    @Test
    void aCancelInterruptsTheItemBeingRendered() {
        ItemGuard guard = new ItemGuard(Duration.ofSeconds(30), 4);
        CrawlHarness h = harness(guard, List.of(hang(), good(1)));
        String id = h.service.submit(h.service.prepare(null, "hostile", "test:hostile", List.of(), null, 100, 200.0, 32, null)).id();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> started.containsKey("hang"));

        assertThat(h.service.cancel(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED);

        CrawlJobStatus status = h.awaitEnd(id);
        assertThat(status.state()).isEqualTo(JobState.CANCELLED);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> interrupted.containsKey("hang"));
        assertThat(status.counts().failed()).as("a cancelled item is not counted").isZero();
        assertThat(started).doesNotContainKey("good-1");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> guard.stuckWorkers() == 0);
    }
}
