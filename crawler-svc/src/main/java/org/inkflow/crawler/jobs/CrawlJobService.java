package org.inkflow.crawler.jobs;

import java.time.Clock;
import java.time.Duration;
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
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.inkflow.common.events.EventFields;
import org.inkflow.common.messaging.WorkEnd;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.crawl.InvalidCrawlJobException;
import org.inkflow.crawler.metrics.CrawlerMetrics;
import org.inkflow.crawler.sources.ImageSource;
import org.inkflow.crawler.sources.ImageSources;
import org.inkflow.crawler.sources.Ratings;
import org.jboss.logging.Logger;

/**
 * Crawl jobs across replicas (ADR 0028). Any replica accepts a job ({@link #submit}: QUEUED status in S3, then a run
 * record keyed by the job id through {@link JobRequests}) and answers status from S3; the replica whose partition
 * holds the record runs it ({@link #start}, at most {@code maxConcurrentJobs} at a time, the rest QUEUED), resuming
 * from the status' cursor when the job ran elsewhere before; a cancel is a record too and reaches that owner
 * ({@link #cancelHere}). Nothing is resumed at start-up: a replica resumes what its partitions deliver. Plain Java;
 * the Quarkus wiring is in {@code config/CrawlerBeans}, the consumer in {@code messaging/CrawlJobConsumer}.
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
    private final JobRequests requests;
    private final Duration cancelWait;
    /** Jobs run on this replica: running ones and ended ones (for metrics); a stopped one is forgotten. */
    private final Map<String, CrawlJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, JobRun> runs = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public CrawlJobService(ImageSources sources, CrawlJobRunner runner, JobStatusStore statuses, CrawlerMetrics metrics,
                           JobLimits limits, Clock clock, int maxConcurrentJobs, JobRequests requests,
                           Duration cancelWait) {
        this.sources = sources;
        this.runner = runner;
        this.statuses = statuses;
        this.metrics = metrics;
        this.limits = limits;
        this.clock = clock;
        this.requests = requests;
        this.cancelWait = cancelWait;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(1, maxConcurrentJobs), r -> {
            Thread t = new Thread(r, "crawl-job-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<String> states = java.util.Arrays.stream(JobState.values()).map(Enum::name).toList();
        metrics.trackStates(states, state -> jobs.values().stream().filter(j -> j.state().name().equals(state)).count());
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

    /**
     * Accepts a prepared job on any replica: saves it QUEUED (so GET answers at once) and puts its run record on the
     * topic; the partition's owner runs it. A job id that has a status already returns that status unchanged.
     */
    public CrawlJobStatus submit(CrawlSpec spec) {
        if (stopping) {
            throw new CrawlerStoppingException("the crawler is shutting down; submit the job again after it restarts");
        }
        Optional<CrawlJobStatus> existing = statuses.load(spec.jobId());
        if (existing.isPresent()) {
            return existing.get();
        }
        CrawlJob job = new CrawlJob(spec, clock);
        statuses.save(job.snapshot());
        try {
            requests.run(spec);
        } catch (RuntimeException e) {
            job.end(JobState.FAILED, "could not be queued: " + e.getMessage());
            statuses.save(job.snapshot());
            throw e;
        }
        return job.snapshot();
    }

    /**
     * Starts or resumes job {@code jobId} here, this replica owning its record: from its saved status when it has
     * one (the cursor where its last owner left it), else as {@code request} asks (validated, so an invalid record
     * fails here and is dead-lettered). Empty when the job has ended already (a record delivered again).
     */
    public Optional<JobRun> start(String jobId, Supplier<CrawlSpec> request) {
        if (stopping) {
            throw new CrawlerStoppingException("the crawler is shutting down; job " + jobId + " is left to its next owner");
        }
        Optional<CrawlJobStatus> saved = statuses.load(jobId);
        if (saved.isPresent() && saved.get().state().terminal()) {
            LOG.infof("crawl job %s ended already (%s); nothing to do", jobId, saved.get().state());
            return Optional.empty();
        }
        CrawlJob job;
        if (saved.isPresent()) {
            job = new CrawlJob(saved.get(), clock);
            if (job.startedAt() != null) {
                LOG.infof("resuming crawl job %s (%s, %d start(s) so far) at page %d, item %d", job.id(), job.state(),
                        job.attempts(), job.cursor().page(), job.cursor().offset());
            }
        } else {
            CrawlSpec spec = request.get();
            if (!spec.jobId().equals(jobId)) {
                throw new InvalidCrawlJobException("jobId", "the record's key names job " + jobId + " but its body " + spec.jobId());
            }
            job = new CrawlJob(spec, clock);
            statuses.save(job.snapshot());
        }
        JobRun run = new JobRun(job, runner);
        jobs.put(job.id(), job);
        runs.put(job.id(), run);
        metrics.trackProgress(job.id(), job, CrawlJob::progress);
        run.done().whenComplete((end, failure) -> {
            runs.remove(job.id(), run);
            if (end == JobRun.End.STOPPED) {
                jobs.remove(job.id(), job); // no longer ours; its next owner reports it
            }
        });
        try {
            executor.execute(run::work);
        } catch (RejectedExecutionException e) {
            runs.remove(job.id(), run);
            jobs.remove(job.id(), job);
            throw new CrawlerStoppingException("the crawler is shutting down; job " + jobId + " is left to its next owner");
        }
        return Optional.of(run);
    }

    /**
     * The job's status: this replica's live one while it runs the job here, else the one saved in S3. An id no job
     * can have (not a name: a path, a traversal) is no job, without asking S3.
     */
    public Optional<CrawlJobStatus> get(String id) {
        if (id == null || !EventFields.NAME.matcher(id).matches()) {
            return Optional.empty();
        }
        CrawlJob job = jobs.get(id);
        if (job != null) {
            return Optional.of(job.snapshot());
        }
        return statuses.load(id);
    }

    /** Every job in the bucket, newest first. */
    public List<CrawlJobStatus> list() {
        Map<String, CrawlJobStatus> all = new java.util.HashMap<>();
        for (CrawlJobStatus status : statuses.loadAll()) {
            all.put(status.id(), status);
        }
        jobs.values().forEach(job -> all.put(job.id(), job.snapshot()));
        return all.values().stream()
                .sorted(Comparator.comparing(CrawlJobStatus::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    /**
     * Asks the job's owner, wherever it is, to cancel it (a cancel record), and waits up to {@code cancelWait} for the
     * job to end; returns its status then (still running when the owner is slow to answer). Empty when there is no
     * such job; a job that already ended is returned as it ended.
     */
    public Optional<CrawlJobStatus> cancel(String id) {
        Optional<CrawlJobStatus> status = get(id);
        if (status.isEmpty() || status.get().state().terminal()) {
            return status;
        }
        requests.cancel(id);
        return WorkEnd.await(() -> get(id), st -> st.state().terminal(), cancelWait);
    }

    /**
     * A cancel record reached this replica, the job's owner: a job running or waiting here ends CANCELLED (its run
     * then completes and its record is done); a job not held here, whose record was never started, is marked
     * CANCELLED in S3 so no later delivery starts it.
     */
    public void cancelHere(String id) {
        JobRun run = runs.get(id);
        if (run != null) {
            CrawlJob job = run.job();
            job.cancelRequested = true;
            job.end(JobState.CANCELLED, "cancelled");
            statuses.save(job.snapshot());
            run.interrupt();
            LOG.infof("crawl job %s cancelled", id);
            return;
        }
        Optional<CrawlJobStatus> saved = statuses.load(id);
        if (saved.isEmpty() || saved.get().state().terminal()) {
            return;
        }
        CrawlJob job = new CrawlJob(saved.get(), clock);
        job.end(JobState.CANCELLED, "cancelled");
        statuses.save(job.snapshot());
        LOG.infof("crawl job %s cancelled before it started here", id);
    }

    /** Ids of the jobs running or waiting on this replica. */
    public java.util.Set<String> runningHere() {
        return java.util.Set.copyOf(runs.keySet());
    }

    /**
     * Stops every run here where it is (at shutdown): each stays RUNNING or QUEUED with its cursor, its attempt given
     * back, and its record uncommitted, so whichever replica owns its partition next resumes it.
     */
    @Override
    public void close() {
        stopping = true;
        for (JobRun run : List.copyOf(runs.values())) {
            run.interrupt();
        }
        // Each run is interrupted once, above. shutdownNow would interrupt it a second time, which could land in
        // the status save that ends its stop (CrawlResumeIT saw the save fail and the start not given back); runs
        // still queued return at once, since interrupt() marked them stopped.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(20, TimeUnit.SECONDS)) {
                LOG.warn("crawl jobs did not stop within 20 s");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
