package org.inkflow.crawler.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.inkflow.common.metrics.MetricNames;

/**
 * The crawler's {@code inkflow_crawler_*} metrics, named as docs/CONTRACTS.md lists them. Plain Micrometer, so
 * domain classes and their unit tests use it with a {@code SimpleMeterRegistry}.
 */
public class CrawlerMetrics {

    private static final String SERVICE = "crawler";

    private final MeterRegistry registry;
    private final AtomicInteger activeJobs = new AtomicInteger();
    private final Map<String, Boolean> jobGauges = new ConcurrentHashMap<>();
    private final Map<String, Boolean> stateGauges = new ConcurrentHashMap<>();

    public CrawlerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(MetricNames.of(SERVICE, "active", "jobs"), activeJobs, AtomicInteger::get)
                .description("Crawl jobs running now")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One HTTP exchange; {@code status} is the code, or {@code timeout}, {@code io_error}, {@code blocked}. */
    public void request(String host, String status, Duration elapsed) {
        Counter.builder(MetricNames.of(SERVICE, "http_requests"))
                .description("HTTP requests the crawler sent, by host and response status")
                .tags("host", host, "status", status)
                .register(registry).increment();
        Timer.builder(MetricNames.of(SERVICE, "fetch"))
                .description("Time from sending a request to the end of its body")
                .tags("host", host)
                .publishPercentileHistogram()
                .register(registry).record(elapsed);
    }

    public void downloadedBytes(String host, long bytes) {
        Counter.builder(MetricNames.of(SERVICE, "downloaded", "bytes"))
                .description("Response body bytes read, by host")
                .tags("host", host)
                .register(registry).increment(bytes);
    }

    public void stored(String source) {
        Counter.builder(MetricNames.of(SERVICE, "stored", "images"))
                .description("Images stored under raw/ for the first time and announced on images.raw")
                .tags("source", source)
                .register(registry).increment();
    }

    public void duplicate(String source) {
        Counter.builder(MetricNames.of(SERVICE, "duplicate", "images"))
                .description("Images found again (same content hash) and neither stored nor announced twice")
                .tags("source", source)
                .register(registry).increment();
    }

    public void skipped(String reason) {
        Counter.builder(MetricNames.of(SERVICE, "skipped", "images"))
                .description("Images left out by a rule (robots.txt, size, content type, rating...), by reason")
                .tags("reason", reason)
                .register(registry).increment();
    }

    public void failed(String reason) {
        Counter.builder(MetricNames.of(SERVICE, "failed", "images"))
                .description("Images that could not be fetched or stored after retries, by reason")
                .tags("reason", reason)
                .register(registry).increment();
    }

    public void jobStarted() {
        activeJobs.incrementAndGet();
    }

    public void jobEnded() {
        activeJobs.decrementAndGet();
    }

    /** Registers {@code inkflow_crawler_stuck_item_workers}: abandoned item workers that ignored their interrupt. */
    public void trackStuckItemWorkers(java.util.function.IntSupplier stuck) {
        Gauge.builder(MetricNames.of(SERVICE, "stuck_item", "workers"), stuck::getAsInt)
                .description("Worker threads abandoned after an item timed out that still run (they ignored the interrupt)")
                .register(registry);
    }

    /** Registers {@code inkflow_crawler_job_progress_ratio{job}} read from {@code progress} (0..1). */
    public <T> void trackProgress(String jobId, T job, ToDoubleFunction<T> progress) {
        jobGauges.computeIfAbsent(jobId, id -> {
            Gauge.builder(MetricNames.of(SERVICE, "job_progress", "ratio"), job, progress)
                    .description("Share of a crawl job's image budget done (1 when it ends)")
                    .tag("job", id)
                    .strongReference(true)
                    .register(registry);
            return true;
        });
    }

    /** Registers {@code inkflow_crawler_jobs{state}}: how many known jobs are in each state. */
    public void trackStates(Iterable<String> states, ToDoubleFunction<String> count) {
        for (String state : states) {
            stateGauges.computeIfAbsent(state, s -> {
                Gauge.builder(MetricNames.of(SERVICE, "jobs"), s, count)
                        .description("Crawl jobs known to this instance, by state")
                        .tag("state", s)
                        .strongReference(true)
                        .register(registry);
                return true;
            });
        }
    }
}
