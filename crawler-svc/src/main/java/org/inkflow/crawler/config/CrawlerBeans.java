package org.inkflow.crawler.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.inkflow.common.artifacts.AttemptCap;
import org.inkflow.common.image.ImageFormat;
import org.inkflow.common.messaging.RetryPolicy;
import org.inkflow.common.messaging.TransientRetry;
import org.inkflow.common.messaging.WaitingRecords;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.crawler.jobs.CrawlJobRunner;
import org.inkflow.crawler.jobs.CrawlJobService;
import org.inkflow.crawler.jobs.ItemGuard;
import org.inkflow.crawler.jobs.JobLimits;
import org.inkflow.crawler.jobs.JobRequests;
import org.inkflow.crawler.jobs.JobStatusStore;
import org.inkflow.crawler.metrics.CrawlerMetrics;
import org.inkflow.crawler.net.AddressPolicy;
import org.inkflow.crawler.net.Backoff;
import org.inkflow.crawler.net.Connector;
import org.inkflow.crawler.net.HostAllowList;
import org.inkflow.crawler.net.HostRateLimiter;
import org.inkflow.crawler.net.HostResolver;
import org.inkflow.crawler.net.HttpSettings;
import org.inkflow.crawler.net.PoliteHttpClient;
import org.inkflow.crawler.net.Sleeper;
import org.inkflow.crawler.openmoji.OpenMojiSource;
import org.inkflow.crawler.openmoji.SvgRasterizer;
import org.inkflow.crawler.sources.DanbooruSource;
import org.inkflow.crawler.sources.ImageSources;
import org.inkflow.crawler.sources.SafebooruSource;
import org.inkflow.crawler.store.ImageEventSink;
import org.inkflow.crawler.store.RawImageStore;

/**
 * Wires the crawler's plain-Java parts from {@link CrawlerConfig} and stops running jobs at shutdown (they resume on
 * whichever replica owns their partition next; nothing is resumed at start-up but what the partitions deliver). {@link HostResolver}, {@link Connector} and {@link Clock} are default beans that tests replace.
 */
@ApplicationScoped
public class CrawlerBeans {

    @Produces
    @DefaultBean
    @Singleton
    HostResolver hostResolver() {
        return HostResolver.system();
    }

    @Produces
    @DefaultBean
    @Singleton
    Connector connector() {
        return Connector.direct();
    }

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    CrawlerMetrics metrics(MeterRegistry registry) {
        return new CrawlerMetrics(registry);
    }

    @Produces
    @Singleton
    PoliteHttpClient httpClient(CrawlerConfig config, HostResolver resolver, Connector connector, Clock clock,
                                CrawlerMetrics metrics) {
        return new PoliteHttpClient(httpSettings(config), new HostAllowList(config.allowedHosts()),
                AddressPolicy.allowing(config.allowPrivateHosts().orElse(List.of())), resolver, connector,
                HostRateLimiter.system(), new Backoff(config.retryBaseDelay(), config.maxRetryDelay(), new SecureRandom()),
                Sleeper.system(), clock, metrics);
    }

    /** robots.txt is read with at most 512 KiB, less when a listing page may be smaller still. */
    private static HttpSettings httpSettings(CrawlerConfig config) {
        return new HttpSettings(config.userAgent(), config.connectTimeout(), config.readTimeout(), config.callTimeout(),
                config.maxRetries(), config.retryBaseDelay(), config.maxRetryDelay(), config.maxRedirects(),
                config.robotsEnabled(), config.robotsCacheTtl(), Math.min(config.maxPageBytes(), 512 * 1024));
    }

    void closeHttpClient(@Disposes PoliteHttpClient client) {
        client.close();
    }

    @Produces
    @Singleton
    ImageSources sources(CrawlerConfig config, PoliteHttpClient http) {
        CrawlerConfig.OpenMojiConfig om = config.openmoji();
        return new ImageSources(List.of(
                new SafebooruSource(http, config.pageSize(), config.maxPageBytes()),
                new DanbooruSource(http, config.pageSize(), config.maxPageBytes(), config.maxImageBytes(),
                        config.danbooru().login(), config.danbooru().apiKey(), config.danbooru().apiHost()),
                new OpenMojiSource(http, new SvgRasterizer(), new OpenMojiSource.Settings(Set.copyOf(om.excludedGroups()),
                        config.pageSize(), om.maxSize(), config.maxArchiveBytes(), om.maxEntryBytes(),
                        om.maxUnpackedBytes(), om.license(),
                        config.importRoots().orElse(List.of()).stream().map(java.nio.file.Path::of).toList()))));
    }

    @Produces
    @Singleton
    CrawlJobService jobs(CrawlerConfig config, ImageSources sources, PoliteHttpClient http, ObjectStore store,
                         ImageEventSink events, CrawlerMetrics metrics, Clock clock, JobRequests requests,
                         WaitingRecords waiting) {
        Set<String> types = new HashSet<>();
        config.allowedContentTypes().forEach(t -> types.add(t.trim().toLowerCase(Locale.ROOT)));
        // The crawler keeps only what the cleaner can decode: one list, ImageFormat, for both.
        for (String type : types) {
            if (!ImageFormat.contentTypes().contains(type)) {
                throw new IllegalStateException("inkflow.crawler.allowed-content-types lists " + type
                        + ", which the cleaner cannot decode; use some of " + ImageFormat.contentTypes());
            }
        }
        JobStatusStore statuses = new JobStatusStore(store);
        TransientRetry storageRetry = new TransientRetry(new RetryPolicy(Duration.ofSeconds(1), config.storageRetryMaxDelay(),
                config.storageRetryMaxDuration(), 0.5), clock, d -> Thread.sleep(d.toMillis()),
                () -> ThreadLocalRandom.current().nextDouble());
        ItemGuard guard = new ItemGuard(config.itemTimeout(), config.maxStuckItemWorkers());
        metrics.trackStuckItemWorkers(guard::stuckWorkers);
        CrawlJobRunner runner = new CrawlJobRunner(sources, http,
                new RawImageStore(store, events, clock, CrawlJobRunner.afterAnnounce(storageRetry, waiting)), statuses,
                metrics, config.maxImageBytes(), types, new AttemptCap(config.maxAttempts()), storageRetry, waiting, guard);
        return new CrawlJobService(sources, runner, statuses, metrics,
                new JobLimits(config.defaultMaxImages(), config.maxImagesLimit(), config.requestsPerSecond(),
                        config.maxRequestsPerSecond(), config.openmoji().defaultSize()),
                clock, config.maxConcurrentJobs(), requests, config.cancelWait());
    }

    void onStop(@Observes ShutdownEvent event, CrawlJobService jobs) {
        jobs.close();
    }
}
