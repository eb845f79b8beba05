package org.inkflow.crawler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The crawler's settings ({@code inkflow.crawler.*}); every one is listed with its default in application.properties. */
@ConfigMapping(prefix = "inkflow.crawler")
public interface CrawlerConfig {

    /** Sent with every request so site operators can tell who crawls and how to reach them. */
    @WithDefault("Inkflow-Crawler/0.1 (+https://github.com/inkflow/inkflow; research crawler for line-art colorization)")
    String userAgent();

    /**
     * Hosts the crawler may contact, exact ({@code safebooru.org}) or by suffix ({@code *.donmai.us}); a redirect
     * to any other host is refused. {@code *} alone allows every public host.
     */
    @WithDefault("safebooru.org,*.safebooru.org,danbooru.donmai.us,*.donmai.us,gelbooru.com,*.gelbooru.com,registry.npmjs.org")
    List<String> allowedHosts();

    /**
     * Hosts or CIDRs that may be reached although they resolve to loopback, private, link-local or other
     * non-public addresses (the local demo and tests list 127.0.0.1). Empty: none.
     */
    Optional<List<String>> allowPrivateHosts();

    /**
     * The only folders a local import ({@code baseUrl} a path or file: URL) may be read from. Empty: local imports
     * are refused, whether or not the file exists (the demo lists its data folder).
     */
    Optional<List<String>> importRoots();

    /** Requests per second per host when a job does not ask for a rate. */
    @WithDefault("1.0")
    double requestsPerSecond();

    /** The highest rate a job may ask for, per host. */
    @WithDefault("2.0")
    double maxRequestsPerSecond();

    /** Retries after the first attempt on 429, 5xx, timeouts and broken connections. */
    @WithDefault("3")
    int maxRetries();

    /** First backoff delay; doubled on each retry, with jitter. */
    @WithDefault("1s")
    Duration retryBaseDelay();

    /** Longest wait before a retry; a Retry-After asking for more gives the item up instead. */
    @WithDefault("60s")
    Duration maxRetryDelay();

    @WithDefault("10s")
    Duration connectTimeout();

    /** Longest silence while reading a response. */
    @WithDefault("30s")
    Duration readTimeout();

    /** Longest time for one whole request, body included. */
    @WithDefault("120s")
    Duration callTimeout();

    @WithDefault("5")
    int maxRedirects();

    /** Largest image file, enforced from Content-Length and again while streaming. */
    @WithDefault("20971520")
    long maxImageBytes();

    /** Largest API listing page or robots.txt. */
    @WithDefault("8388608")
    long maxPageBytes();

    /** Largest dataset archive (the OpenMoji tarball is 4.3 MB). */
    @WithDefault("67108864")
    long maxArchiveBytes();

    /** Content types accepted for images; the magic bytes must agree with one of them. */
    @WithDefault("image/png,image/jpeg,image/gif,image/webp")
    List<String> allowedContentTypes();

    /** Honour robots.txt (Disallow, Allow, Crawl-delay) for the crawler's user agent. */
    @WithDefault("true")
    boolean robotsEnabled();

    /** How long a host's robots.txt is reused. */
    @WithDefault("1h")
    Duration robotsCacheTtl();

    /** Posts asked for per API page (Danbooru allows at most 200). */
    @WithDefault("100")
    int pageSize();

    /** Images a job stores (or finds already stored) when it does not say. */
    @WithDefault("100")
    int defaultMaxImages();

    /** The most images one job may ask for. */
    @WithDefault("100000")
    int maxImagesLimit();

    /** Jobs that run at the same time; more wait QUEUED. */
    @WithDefault("2")
    int maxConcurrentJobs();

    /**
     * How many times a job may start without finishing (a process that dies mid-job counts) before it is marked
     * FAILED instead of resumed again.
     */
    @WithDefault("3")
    int maxAttempts();

    /**
     * How long a replica waits for a job to stop where it is (cursor saved) when the job's partition is taken from it
     * or the service stops; the wait runs on the consumer's polling thread, well inside {@code max.poll.interval.ms}.
     */
    @WithDefault("10s")
    Duration stopTimeout();

    /**
     * A job whose image could not be stored or announced because S3 or Kafka is unreachable (a transient failure)
     * waits and retries it, the waits doubling from 1 s up to this; see {@link #storageRetryMaxDuration()}.
     */
    @WithDefault("10s")
    Duration storageRetryMaxDelay();

    /**
     * How long a job retries one transiently failing store before the image counts as failed (five such images in a
     * row fail the job).
     */
    @WithDefault("10m")
    Duration storageRetryMaxDuration();

    /**
     * How long one item's rendering (OpenMoji SVG) or size probing (a download) may run; past it the item fails
     * ({@code item-timeout}) and its worker thread is interrupted and replaced.
     */
    @WithDefault("30s")
    Duration itemTimeout();

    /**
     * Worker threads that ignored their interrupt after an item timed out and still run, over all jobs; once this
     * many are stuck, a job that needs a fresh worker fails instead of starting another thread.
     */
    @WithDefault("4")
    int maxStuckItemWorkers();

    /** How long {@code DELETE /crawl-jobs/{id}} waits for the job's owner to cancel it before answering 202. */
    @WithDefault("5s")
    Duration cancelWait();

    /** Danbooru credentials (HTTP basic {@code login:api_key}), sent to the API host only. */
    DanbooruConfig danbooru();

    OpenMojiConfig openmoji();

    /** Optional Danbooru account. */
    interface DanbooruConfig {
        Optional<String> login();

        Optional<String> apiKey();

        /** The only host the login is sent to, and only over https. */
        @WithDefault("danbooru.donmai.us")
        String apiHost();
    }

    /** The OpenMoji importer. */
    interface OpenMojiConfig {

        /** OpenMoji groups left out (flags and components make poor colorization samples). */
        @WithDefault("flags,component,extras-unicode")
        List<String> excludedGroups();

        /** Edge in pixels of rendered images when the job gives no {@code size}. */
        @WithDefault("64")
        int defaultSize();

        @WithDefault("1024")
        int maxSize();

        /** Largest single file read from the tarball (guards against archive bombs). */
        @WithDefault("2097152")
        long maxEntryBytes();

        /** Largest total of the files kept from the tarball. */
        @WithDefault("268435456")
        long maxUnpackedBytes();

        /** License recorded for every OpenMoji image. */
        @WithDefault("CC BY-SA 4.0 (OpenMoji, https://openmoji.org)")
        String license();
    }
}
