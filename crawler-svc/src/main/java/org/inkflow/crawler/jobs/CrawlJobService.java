package org.inkflow.crawler.jobs;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.crawl.InvalidCrawlJobException;
import org.inkflow.crawler.metrics.CrawlerMetrics;
import org.inkflow.crawler.sources.ImageSource;
import org.inkflow.crawler.sources.ImageSources;
import org.inkflow.crawler.sources.Ratings;
import org.jboss.logging.Logger;

/**
 * The crawl jobs of this instance: validates requests, runs at most {@code maxConcurrentJobs} at a time, answers
 * status, cancels, and on start resumes every job its status documents show QUEUED or RUNNING. Plain Java; the
 * Quarkus wiring is in {@code config/CrawlerBeans}.
 */
public class CrawlJobService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CrawlJobService.class);
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_TAGS = 20;

    private final ImageSources sources;
    private final CrawlJobRunner runner;
    private final JobStatusStore statuses;
    private final CrawlerMetrics metrics;
    private final JobLimits limits;
    private final Clock clock;
    private final ExecutorService executor;
    private final Map<String, CrawlJob> jobs = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public CrawlJobService(ImageSources sources, CrawlJobRunner runner, JobStatusStore statuses, CrawlerMetrics metrics,
                           JobLimits limits, Clock clock, int maxConcurrentJobs) {
        this.sources = sources;
        this.runner = runner;
        this.statuses = statuses;
        this.metrics = metrics;
        this.limits = limits;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(1, maxConcurrentJobs), r -> {
            Thread t = new Thread(r, "crawl-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<String> states = java.util.Arrays.stream(JobState.values()).map(Enum::name).toList();
        metrics.trackStates(states, state -> jobs.values().stream().filter(j -> j.state().name().equals(state)).count());
    }

    /** Loads every saved job and resumes the unfinished ones; returns how many were resumed. */
    public int resumeSaved() {
        int resumed = 0;
        for (CrawlJobStatus status : statuses.loadAll()) {
            if (status.spec() == null || status.state() == null || jobs.containsKey(status.id())) {
                continue;
            }
            CrawlJob job = new CrawlJob(status, clock);
            register(job);
            if (!job.state().terminal()) {
                LOG.infof("resuming crawl job %s (%s) at page %d, item %d", job.id(), job.state(),
                        job.cursor().page(), job.cursor().offset());
                start(job);
                resumed++;
            }
        }
        return resumed;
    }

    /**
     * Validates a request into a spec, applying defaults; {@link InvalidCrawlJobException} names the bad field.
     * {@code jobId} null makes a new id.
     */
    public CrawlSpec prepare(String jobId, String source, String baseUrl, List<String> tags, String rating,
                             Integer maxImages, Double requestsPerSecond, Integer size, Instant requestedAt) {
        String id = jobId == null ? UUID.randomUUID().toString() : jobId;
        if (!JOB_ID.matcher(id).matches()) {
            throw new InvalidCrawlJobException("jobId", "jobId '" + id + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (source == null || source.isBlank()) {
            throw new InvalidCrawlJobException("source", "source is required; one of " + sources.names());
        }
        ImageSource imageSource = sources.find(source.trim())
                .orElseThrow(() -> new InvalidCrawlJobException("source", "unknown source '" + source + "'; use one of " + sources.names()));
        List<String> cleanTags = new ArrayList<>();
        for (String tag : tags == null ? List.<String>of() : tags) {
            if (tag == null || tag.isBlank() || tag.length() > 200) {
                throw new InvalidCrawlJobException("tags", "tags must be non-blank strings of at most 200 characters");
            }
            cleanTags.add(tag.trim());
        }
        if (cleanTags.size() > MAX_TAGS) {
            throw new InvalidCrawlJobException("tags", cleanTags.size() + " tags given; at most " + MAX_TAGS);
        }
        int max = maxImages == null ? limits.defaultMaxImages() : maxImages;
        if (max < 1 || max > limits.maxImagesLimit()) {
            throw new InvalidCrawlJobException("maxImages", "maxImages " + max + " is out of range; use 1 to "
                    + limits.maxImagesLimit() + " (inkflow.crawler.max-images-limit)");
        }
        double rate = requestsPerSecond == null ? limits.defaultRequestsPerSecond() : requestsPerSecond;
        if (!(rate > 0) || rate > limits.maxRequestsPerSecond()) {
            throw new InvalidCrawlJobException("requestsPerSecond", "requestsPerSecond " + rate + " is out of range;"
                    + " use more than 0 and at most " + limits.maxRequestsPerSecond() + " (inkflow.crawler.max-requests-per-second)");
        }
        CrawlSpec spec = new CrawlSpec(id, imageSource.name(), baseUrl == null ? null : baseUrl.trim(), cleanTags,
                Ratings.require(rating), max, rate, size == null ? limits.defaultSize() : size,
                requestedAt == null ? clock.instant() : requestedAt);
        imageSource.validate(spec);
        return spec;
    }

    /** Queues a prepared job; a job id seen before returns that job unchanged (records may be delivered twice). */
    public CrawlJobStatus submit(CrawlSpec spec) {
        if (stopping) {
            throw new CrawlerStoppingException("the crawler is shutting down; submit the job again after it restarts");
        }
        CrawlJob job = new CrawlJob(spec, clock);
        CrawlJob existing = jobs.putIfAbsent(spec.jobId(), job);
        if (existing != null) {
            return existing.snapshot();
        }
        register(job);
        statuses.save(job.snapshot());
        start(job);
        return job.snapshot();
    }

    public Optional<CrawlJobStatus> get(String id) {
        return Optional.ofNullable(jobs.get(id)).map(CrawlJob::snapshot);
    }

    /** Every job this instance knows, newest first. */
    public List<CrawlJobStatus> list() {
        return jobs.values().stream().map(CrawlJob::snapshot)
                .sorted(Comparator.comparing(CrawlJobStatus::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    /** Cancels a queued or running job; empty when there is no such job. A job already ended is returned as is. */
    public Optional<CrawlJobStatus> cancel(String id) {
        CrawlJob job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        if (!job.state().terminal()) {
            job.cancelRequested = true;
            job.end(JobState.CANCELLED, "cancelled");
            if (job.future != null) {
                job.future.cancel(true);
            }
            statuses.save(job.snapshot());
        }
        return Optional.of(job.snapshot());
    }

    private void register(CrawlJob job) {
        jobs.putIfAbsent(job.id(), job);
        metrics.trackProgress(job.id(), job, CrawlJob::progress);
    }

    private void start(CrawlJob job) {
        try {
            job.future = executor.submit(() -> runner.run(job));
        } catch (RejectedExecutionException e) {
            LOG.warnf("crawl job %s not started: the service is stopping; it resumes on the next start", job.id());
        }
    }

    /** Stops running jobs where they are; they stay RUNNING in their status documents and resume on the next start. */
    @Override
    public void close() {
        stopping = true;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(20, TimeUnit.SECONDS)) {
                LOG.warn("crawl jobs did not stop within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
