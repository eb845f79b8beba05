package org.inkflow.crawler.jobs;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.inkflow.common.artifacts.AttemptCap;
import org.inkflow.common.image.ImageFormat;
import org.inkflow.common.messaging.FailureClassifier;
import org.inkflow.common.messaging.FailureKind;
import org.inkflow.common.messaging.TransientFailure;
import org.inkflow.common.messaging.TransientRetry;
import org.inkflow.common.messaging.WaitingRecords;
import org.inkflow.common.storage.ObjectStoreException;
import org.inkflow.common.tracing.TraceScope;
import org.inkflow.common.tracing.Traces;
import org.inkflow.crawler.crawl.CrawlJobException;
import org.inkflow.crawler.crawl.ItemException;
import org.inkflow.crawler.crawl.Reasons;
import org.inkflow.crawler.metrics.CrawlerMetrics;
import org.inkflow.crawler.net.FetchRequest;
import org.inkflow.crawler.net.Fetched;
import org.inkflow.crawler.net.PoliteHttpClient;
import org.inkflow.crawler.sources.Candidate;
import org.inkflow.crawler.sources.ImageSource;
import org.inkflow.crawler.sources.ImageSources;
import org.inkflow.crawler.sources.RenderedImage;
import org.inkflow.crawler.sources.SourceCrawl;
import org.inkflow.crawler.sources.SourcePage;
import org.inkflow.crawler.store.ImageEventSink;
import org.inkflow.crawler.store.RawImage;
import org.inkflow.crawler.store.RawImageStore;
import org.jboss.logging.Logger;

/**
 * Runs one job from its cursor: reads the source page by page, takes each candidate (download or render, check,
 * store, announce), counts every outcome, and saves the cursor after each download (and every
 * {@value #CHECKPOINT_EVERY} rendered items) so a restart repeats at most the item in flight. A bad item never ends
 * the job; an unreadable listing or an object store that keeps failing does, and so does the attempt cap: a job that
 * has started {@code maxAttempts} times without finishing (each start is counted and saved before the work) ends
 * FAILED instead of resuming again. A run stopped cleanly (interrupted without a cancel) gives its start back.
 *
 * <p>A storage step that fails transiently (S3 unreachable or timing out, a 5xx, the broker not acknowledging an
 * event: {@link FailureClassifier}) is retried in place with backoff ({@code storageRetry}, by default the
 * {@code inkflow.messaging.retry.*} policy), the job waiting where it is: an outage delays the crawl instead of
 * failing its items. Only a storage failure that is not transient, or one that outlasts the retries, counts against
 * the item, and {@value #MAX_CONSECUTIVE_STORAGE_FAILURES} such items in a row fail the job. While a step waits,
 * {@link WaitingRecords} lists it ({@code crawl-job/<id> storing post <post>}, its attempts and last failure), as the
 * Kafka consumers list their waiting records: the {@code transient-failures} readiness check is DOWN and
 * {@code inkflow_crawler_records_waiting_records} counts it until the step ends.
 *
 * <p>An item's CPU- and memory-heavy step (rendering, probing a download's size) runs under the {@link ItemGuard}:
 * one that hangs past the item timeout or throws {@link OutOfMemoryError} or {@link StackOverflowError} fails that
 * item only. Downloads and storage stay on the job thread, bounded by their own timeouts and retries.
 */
public class CrawlJobRunner {

    static final int CHECKPOINT_EVERY = 50;
    static final int MAX_CONSECUTIVE_STORAGE_FAILURES = 5;
    private static final Logger LOG = Logger.getLogger(CrawlJobRunner.class);

    private final ImageSources sources;
    private final PoliteHttpClient http;
    private final RawImageStore images;
    private final JobStatusStore statuses;
    private final CrawlerMetrics metrics;
    private final long maxImageBytes;
    private final Set<String> allowedContentTypes;
    private final AttemptCap attempts;
    private final TransientRetry storageRetry;
    private final WaitingRecords waiting;
    private final ItemGuard guard;

    public CrawlJobRunner(ImageSources sources, PoliteHttpClient http, RawImageStore images, JobStatusStore statuses,
                          CrawlerMetrics metrics, long maxImageBytes, Set<String> allowedContentTypes, AttemptCap attempts,
                          TransientRetry storageRetry, WaitingRecords waiting, ItemGuard guard) {
        this.sources = sources;
        this.http = http;
        this.images = images;
        this.statuses = statuses;
        this.metrics = metrics;
        this.maxImageBytes = maxImageBytes;
        this.allowedContentTypes = Set.copyOf(allowedContentTypes);
        this.attempts = attempts;
        this.storageRetry = storageRetry;
        this.waiting = waiting;
        this.guard = guard;
    }

    /**
     * The {@link RawImageStore.AfterAnnounce} of a crawler: the writes that follow an image's event are retried in
     * place by {@code retry}, listed in {@code waiting} while they wait.
     */
    public static RawImageStore.AfterAnnounce afterAnnounce(TransientRetry retry, WaitingRecords waiting) {
        return write -> retry.run(write, waiting, "crawler: an announced image's index ("
                + Thread.currentThread().getName() + ")");
    }

    /** Thrown inside the loop when the job must stop: cancelled, or the service is shutting down. */
    private static final class Stop extends Exception {
    }

    void run(CrawlJob job) {
        if (job.state().terminal()) {
            return; // cancelled while queued
        }
        Optional<String> exhausted = attempts.exhausted(job.attempts(), job.error());
        if (exhausted.isPresent()) {
            // A job that killed the process on each of its starts would otherwise crash-loop the crawler.
            LOG.errorf("crawl job %s is not resumed: %s", job.id(), exhausted.get());
            job.end(JobState.FAILED, exhausted.get());
            save(job);
            return;
        }
        job.running();
        save(job); // the start is counted in the bucket before any work, so a crash during it counts too
        metrics.jobStarted();
        int storageFailures = 0;
        try {
            ImageSource source = sources.find(job.spec.source())
                    .orElseThrow(() -> new CrawlJobException("unknown source '" + job.spec.source() + "'"));
            try (SourceCrawl crawl = source.open(job.spec); ItemGuard.Lane lane = guard.lane(job.id())) {
                CrawlCursor start = job.cursor();
                int sinceCheckpoint = 0;
                pages:
                for (int page = start.page(); ; page++) {
                    checkStop(job);
                    SourcePage listing = crawl.page(page);
                    int from = page == start.page() ? Math.min(start.offset(), listing.items().size()) : 0;
                    for (int i = from; i < listing.items().size(); i++) {
                        checkStop(job);
                        if (job.tally.yielded() >= job.spec.maxImages()) {
                            break pages;
                        }
                        Item item = take(job, lane, listing.items().get(i));
                        storageFailures = item.storageFailed ? storageFailures + 1 : 0;
                        if (storageFailures >= MAX_CONSECUTIVE_STORAGE_FAILURES) {
                            throw new CrawlJobException(storageFailures + " images in a row could not be stored or"
                                    + " announced (last: " + item.message + "); is S3 or Kafka down?");
                        }
                        job.advance(new CrawlCursor(page, i + 1));
                        if (item.downloaded || ++sinceCheckpoint >= CHECKPOINT_EVERY) {
                            save(job);
                            sinceCheckpoint = 0;
                        }
                    }
                    job.advance(new CrawlCursor(page + 1, 0));
                    save(job);
                    if (listing.last() || listing.items().isEmpty()) {
                        break;
                    }
                }
            }
            job.end(JobState.COMPLETED, null);
        } catch (Stop | InterruptedException e) {
            stopped(job);
        } catch (CrawlJobException e) {
            if (job.cancelRequested || job.stopRequested) {
                stopped(job, e);
            } else {
                LOG.warnf("crawl job %s failed: %s", job.id(), e.getMessage());
                job.end(JobState.FAILED, e.getMessage());
            }
        } catch (RuntimeException e) {
            if (job.cancelRequested || job.stopRequested) {
                stopped(job, e);
            } else {
                LOG.errorf(e, "crawl job %s failed unexpectedly", job.id());
                job.end(JobState.FAILED, "unexpected error: " + e);
            }
        } finally {
            Thread.interrupted(); // a cancel's interrupt must not break the last save
            if (job.state().terminal()) {
                saveRetrying(job); // the end of a job must reach the bucket, or it would be resumed
            } else {
                save(job); // stopping: the service is going down; the next owner resumes from the last saved cursor
            }
            metrics.jobEnded();
        }
    }

    private void checkStop(CrawlJob job) throws Stop {
        if (job.cancelRequested || job.stopRequested || Thread.currentThread().isInterrupted()) {
            throw new Stop();
        }
    }

    /**
     * The job was asked to stop, and the interrupt surfaced as a failure of whatever it was doing (an S3 or Kafka
     * client wraps the InterruptedException in its own exception): a stop, not a failure of the job.
     */
    private static void stopped(CrawlJob job, Exception e) {
        LOG.infof("crawl job %s stopped during a call that the stop interrupted (%s)", job.id(), e);
        stopped(job);
    }

    private static void stopped(CrawlJob job) {
        if (job.cancelRequested) {
            job.end(JobState.CANCELLED, "cancelled");
        } else {
            // Stopped (partition revoked, service stopping): RUNNING with its cursor, for its next owner.
            job.stoppedCleanly();
        }
    }

    private record Item(boolean downloaded, boolean storageFailed, String message) {
    }

    private Item take(CrawlJob job, ItemGuard.Lane lane, Candidate candidate)
            throws InterruptedException, CrawlJobException {
        job.tally.listed();
        boolean downloaded = false;
        try {
            if (candidate.rejection() != null) {
                throw candidate.rejection();
            }
            if (job.spec.rating() != null && candidate.rating() != null && !job.spec.rating().equals(candidate.rating())) {
                throw ItemException.skipped(Reasons.RATING, "post " + candidate.postId() + " is rated "
                        + candidate.rating() + "; the job asks for " + job.spec.rating());
            }
            RawImage image;
            if (candidate.renderer() != null) {
                RenderedImage rendered = lane.run("rendering post " + candidate.postId(), candidate.renderer()::render);
                image = raw(job, candidate, rendered.png(), ImageFormat.PNG, rendered.width(), rendered.height(),
                        candidate.pageUrl(), rendered.lineArtPng());
            } else {
                if (retryingStorage(job, candidate, () -> images.knownMd5(candidate.claimedMd5()))) {
                    job.tally.duplicate();
                    metrics.duplicate(job.spec.source());
                    return new Item(false, false, null);
                }
                downloaded = true;
                Fetched fetched = http.fetch(new FetchRequest(candidate.imageUrl(), maxImageBytes, allowedContentTypes,
                        job.spec.requestsPerSecond(), null));
                ImageFormat format = checkedFormat(fetched);
                Optional<int[]> size = lane.run("reading the size of " + fetched.uri(),
                        () -> ImageFormat.dimensions(fetched.body()));
                image = raw(job, candidate, fetched.body(), format,
                        size.map(s -> s[0]).orElse(candidate.width()), size.map(s -> s[1]).orElse(candidate.height()),
                        fetched.uri().toString(), null);
            }
            job.tally.fetched();
            RawImage toStore = image;
            RawImageStore.Outcome outcome;
            // One trace per image: its object, its metadata and its event carry it to the cleaner and beyond.
            try (TraceScope trace = Traces.newTrace("crawler store image", Map.of("inkflow.crawl.job", job.id(),
                    "inkflow.source", job.spec.source(), "inkflow.post", String.valueOf(candidate.postId())))) {
                outcome = retryingStorage(job, candidate, () -> images.store(toStore, job.id()));
                trace.span().setAttribute("inkflow.sha256", outcome.sha256());
            }
            if (outcome.stored() || outcome.repeated()) {
                // repeated: stored by this job for this post before a restart, after its last saved cursor
                job.tally.stored();
                metrics.stored(job.spec.source());
            } else {
                job.tally.duplicate();
                metrics.duplicate(job.spec.source());
            }
            return new Item(downloaded, false, null);
        } catch (ItemException e) {
            stopIfInterrupted(job, candidate);
            count(job, e);
            return new Item(downloaded, false, e.getMessage());
        } catch (ObjectStoreException | ImageEventSink.EventPublishException e) {
            stopIfInterrupted(job, candidate);
            count(job, ItemException.failed(Reasons.STORAGE, e.getMessage(), e));
            return new Item(downloaded, true, e.getMessage());
        }
    }

    /** A storage step: reads or writes S3, may publish an event. */
    @FunctionalInterface
    private interface StorageStep<T> {
        T run() throws ImageEventSink.EventPublishException, InterruptedException;
    }

    /**
     * Runs {@code step}, retrying transient failures by {@code storageRetry} (the job waits meanwhile, listed in
     * {@link #waiting}); throws the failure that ended it: not transient, or still failing when the retries ran out.
     */
    private <T> T retryingStorage(CrawlJob job, Candidate candidate, StorageStep<T> step)
            throws ImageEventSink.EventPublishException, InterruptedException {
        java.util.concurrent.atomic.AtomicReference<T> result = new java.util.concurrent.atomic.AtomicReference<>();
        int[] attempt = {0};
        try {
            int attempts = storageRetry.run(() -> {
                attempt[0]++;
                try {
                    result.set(step.run());
                } catch (ImageEventSink.EventPublishException e) {
                    // The broker did not acknowledge the event: unreachable or slow, never a property of the image.
                    throw new TransientFailure(e.getMessage(), e);
                } catch (InterruptedException e) {
                    throw new Interrupted(e);
                } catch (RuntimeException e) {
                    if (attempt[0] == 1 && FailureClassifier.classify(e) == FailureKind.TRANSIENT) {
                        LOG.warnf("storing post %s failed transiently; retrying with backoff: %s", candidate.postId(),
                                e.getMessage());
                    }
                    throw e;
                }
            }, waiting, "crawl-job/" + job.id() + " storing post " + candidate.postId());
            if (attempts > 1) {
                LOG.infof("stored post %s after %d attempts", candidate.postId(), attempts);
            }
            return result.get();
        } catch (TransientRetry.ProcessingFailed f) {
            RuntimeException failure = f.failure();
            if (failure instanceof Interrupted i) {
                throw i.cause;
            }
            stopIfInterrupted(job, candidate);
            if (failure instanceof TransientFailure t && t.getCause() instanceof ImageEventSink.EventPublishException p) {
                throw p;
            }
            if (f.retriesExhausted()) {
                throw new ObjectStoreException("still failing after " + f.attempts() + " attempts (retried for up to "
                        + storageRetry.policy().maxDuration() + "): " + failure.getMessage(), failure);
            }
            throw failure;
        }
    }

    /** Carries an interrupt through {@link TransientRetry}, which only passes runtime exceptions. */
    private static final class Interrupted extends RuntimeException {
        final InterruptedException cause;

        Interrupted(InterruptedException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    /** An item cut short by a stop is neither counted nor passed: the cursor stays before it and a restart redoes it. */
    /**
     * An item that failed because the job was being stopped is not a failed item: the stop propagates and the cursor
     * stays before it, so the next owner takes it again. The job's flags are read as well as the thread's, because a
     * client library that caught the interrupt has cleared the thread's.
     */
    private static void stopIfInterrupted(CrawlJob job, Candidate candidate) throws InterruptedException {
        if (job.cancelRequested || job.stopRequested || Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("stopped while taking post " + candidate.postId());
        }
    }

    private RawImage raw(CrawlJob job, Candidate c, byte[] bytes, ImageFormat format, Integer width, Integer height,
                         String sourceUrl, byte[] lineArt) {
        String folder = job.spec.tags().isEmpty() ? c.folder() : job.spec.tags().get(0);
        return new RawImage(job.spec.source(), folder, bytes, format, width, height, c.postId(), c.tags(), c.rating(),
                sourceUrl, c.pageUrl(), c.license(), c.groupKey(), lineArt);
    }

    private ImageFormat checkedFormat(Fetched fetched) throws ItemException {
        Optional<ImageFormat> sniffed = ImageFormat.sniff(fetched.body());
        if (sniffed.isEmpty()) {
            byte[] b = fetched.body();
            String start = new String(b, 0, Math.min(b.length, 16), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .replaceAll("[^\\x20-\\x7e]", ".");
            throw ItemException.skipped(Reasons.NOT_AN_IMAGE, fetched.uri() + " was served as "
                    + (fetched.contentType() == null ? "no content type" : fetched.contentType())
                    + " but its first bytes '" + start + "' are none of " + ImageFormat.contentTypes());
        }
        if (!allowedContentTypes.contains(sniffed.get().contentType())) {
            throw ItemException.skipped(Reasons.CONTENT_TYPE, fetched.uri() + " is " + sniffed.get().contentType()
                    + "; accepted: " + allowedContentTypes + " (inkflow.crawler.allowed-content-types)");
        }
        return sniffed.get();
    }

    private void count(CrawlJob job, ItemException e) {
        if (e.outcome() == ItemException.Outcome.SKIPPED) {
            job.tally.skipped(e.reason());
            metrics.skipped(e.reason());
            LOG.debugf("job %s skipped an image (%s): %s", job.id(), e.reason(), e.getMessage());
        } else {
            job.tally.failed(e.reason());
            metrics.failed(e.reason());
            LOG.infof("job %s failed an image (%s): %s", job.id(), e.reason(), e.getMessage());
        }
    }

    private void saveRetrying(CrawlJob job) {
        try {
            storageRetry.run(() -> statuses.save(job.snapshot()), waiting, "crawl-job/" + job.id() + " saving its end");
        } catch (TransientRetry.ProcessingFailed e) {
            LOG.warnf("cannot save the final status of crawl job %s (%s): %s", job.id(), job.state(), e.getMessage());
        }
    }

    private void save(CrawlJob job) {
        try {
            statuses.save(job.snapshot());
        } catch (RuntimeException e) {
            // The job goes on; the next save carries the same cursor forward.
            LOG.warnf("cannot save the status of crawl job %s: %s", job.id(), e.getMessage());
        }
    }
}
