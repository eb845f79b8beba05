package org.inkflow.crawler.jobs;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.inkflow.common.artifacts.AttemptCap;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.messaging.RetryPolicy;
import org.inkflow.common.messaging.TransientRetry;
import org.inkflow.common.messaging.WaitingRecords;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.fakes.LoopbackOnlyConnector;
import org.inkflow.crawler.fakes.TestHostResolver;
import org.inkflow.crawler.metrics.CrawlerMetrics;
import org.inkflow.crawler.net.AddressPolicy;
import org.inkflow.crawler.net.Backoff;
import org.inkflow.crawler.net.HostAllowList;
import org.inkflow.crawler.net.HostRateLimiter;
import org.inkflow.crawler.net.HttpSettings;
import org.inkflow.crawler.net.PoliteHttpClient;
import org.inkflow.crawler.net.Sleeper;
import org.inkflow.crawler.openmoji.OpenMojiSource;
import org.inkflow.crawler.openmoji.SvgRasterizer;
import org.inkflow.crawler.sources.DanbooruSource;
import org.inkflow.crawler.sources.ImageSource;
import org.inkflow.crawler.sources.ImageSources;
import org.inkflow.crawler.sources.SafebooruSource;
import org.inkflow.crawler.store.ImageEventSink;
import org.inkflow.crawler.store.RawImageStore;

/**
 * The crawler's plain-Java parts wired for tests: loopback-only network, fast retries, recorded events. Job requests
 * go straight to this replica, as if it owned every partition ({@link #requests} records them), unless a test gives
 * its own {@link JobRequests}.
 */
public final class CrawlHarness implements AutoCloseable {

    static final long MAX_IMAGE_BYTES = 8192;
    /** Storage retries in milliseconds: an outage of a few calls is waited out, one that lasts 1 s fails the item. */
    static final RetryPolicy STORAGE_RETRY = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofSeconds(1), 0.5);

    public final ObjectStore store;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final CrawlerMetrics metrics = new CrawlerMetrics(registry);
    /** What the service's readiness check and waiting gauge read ({@code inkflow.crawler.records_waiting.records}). */
    public final WaitingRecords waiting = new WaitingRecords(registry, "crawler-svc");
    public final List<RawImageStored> events = new CopyOnWriteArrayList<>();
    /** "run &lt;id&gt;" and "cancel &lt;id&gt;", in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    volatile boolean brokerDown;
    /** Runs after each event is recorded (a test starts an outage there). */
    volatile Runnable afterPublish = () -> { };
    /** Events the sink refused while {@link #brokerDown}. */
    final java.util.concurrent.atomic.AtomicInteger refusedPublishes = new java.util.concurrent.atomic.AtomicInteger();
    final PoliteHttpClient http;
    public final CrawlJobService service;
    public final JobStatusStore statuses;

    CrawlHarness(ObjectStore store, int pageSize) {
        this(store, pageSize, null);
    }

    /** {@code requests} null: requests start and cancel jobs on this replica. */
    public CrawlHarness(ObjectStore store, int pageSize, JobRequests requests) {
        this(store, pageSize, requests, STORAGE_RETRY);
    }

    /** With the storage retry policy of a test that waits out a real outage. */
    public CrawlHarness(ObjectStore store, int pageSize, JobRequests requests, RetryPolicy storageRetryPolicy) {
        this(store, pageSize, requests, storageRetryPolicy, List.of(), new ItemGuard(Duration.ofSeconds(30), 4));
    }

    /** With test sources beside the real ones, and the given item guard. */
    CrawlHarness(ObjectStore store, int pageSize, JobRequests requests, List<ImageSource> testSources, ItemGuard guard) {
        this(store, pageSize, requests, STORAGE_RETRY, testSources, guard);
    }

    private CrawlHarness(ObjectStore store, int pageSize, JobRequests requests, RetryPolicy storageRetryPolicy,
                         List<ImageSource> testSources, ItemGuard guard) {
        this.store = store;
        HttpSettings settings = new HttpSettings("Inkflow-Crawler/0.1 (test)", Duration.ofSeconds(2), Duration.ofMillis(300),
                Duration.ofSeconds(5), 2, Duration.ofMillis(10), Duration.ofSeconds(3), 3, true, Duration.ofHours(1), 65536);
        http = new PoliteHttpClient(settings, new HostAllowList(List.of("127.0.0.1", "localhost", TestHostResolver.PRIVATE_HOST)),
                AddressPolicy.allowing(List.of("127.0.0.1")), new TestHostResolver(), new LoopbackOnlyConnector(),
                HostRateLimiter.system(), new Backoff(Duration.ofMillis(10), Duration.ofSeconds(3), new SplittableRandom(5)),
                Sleeper.system(), Clock.systemUTC(), metrics);
        List<ImageSource> all = new java.util.ArrayList<>(testSources);
        all.addAll(List.of(
                new SafebooruSource(http, pageSize, 1 << 20),
                new DanbooruSource(http, pageSize, 1 << 20, MAX_IMAGE_BYTES, Optional.of("tester"), Optional.of("secret"),
                        "127.0.0.1"),
                new OpenMojiSource(http, new SvgRasterizer(), new OpenMojiSource.Settings(Set.of("flags"), pageSize, 256,
                        1 << 20, 1 << 20, 1 << 24, "CC BY-SA 4.0 (OpenMoji, https://openmoji.org)",
                        List.of(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))))));
        ImageSources sources = new ImageSources(all);
        ImageEventSink sink = event -> {
            if (brokerDown) {
                refusedPublishes.incrementAndGet();
                throw new ImageEventSink.EventPublishException("broker down (test)", null);
            }
            events.add(event);
            afterPublish.run();
        };
        statuses = new JobStatusStore(store);
        TransientRetry storageRetry = new TransientRetry(storageRetryPolicy, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), () -> 0.5);
        metrics.trackStuckItemWorkers(guard::stuckWorkers);
        CrawlJobRunner runner = new CrawlJobRunner(sources, http,
                new RawImageStore(store, sink, Clock.systemUTC(), CrawlJobRunner.afterAnnounce(storageRetry, waiting)), statuses,
                metrics, MAX_IMAGE_BYTES, Set.of("image/png", "image/jpeg", "image/gif", "image/webp"),
                new AttemptCap(AttemptCap.DEFAULT_MAX_ATTEMPTS), storageRetry, waiting, guard);
        JobRequests direct = new JobRequests() {
            @Override
            public void run(CrawlSpec spec) {
                CrawlHarness.this.requests.add("run " + spec.jobId());
                service.start(spec.jobId(), () -> spec);
            }

            @Override
            public void cancel(String jobId) {
                CrawlHarness.this.requests.add("cancel " + jobId);
                service.cancelHere(jobId);
            }
        };
        service = new CrawlJobService(sources, runner, statuses, metrics, new JobLimits(100, 10_000, 100.0, 500.0, 64),
                Clock.systemUTC(), 2, requests == null ? direct : requests, Duration.ofSeconds(5));
    }

    CrawlJobStatus run(String source, String baseUrl, List<String> tags, String rating, int maxImages) {
        CrawlJobStatus started = service.submit(service.prepare(null, source, baseUrl, tags, rating, maxImages, 200.0, 32, null));
        return awaitEnd(started.id());
    }

    public CrawlJobStatus awaitEnd(String id) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> service.get(id).orElseThrow(), s -> s.state().terminal());
    }

    double counter(String name, String tag, String value) {
        var c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    /** The job's status as saved in the bucket. */
    public CrawlJobStatus saved(String id) {
        return statuses.load(id).orElseThrow();
    }

    @Override
    public void close() {
        service.close();
        http.close();
    }
}
