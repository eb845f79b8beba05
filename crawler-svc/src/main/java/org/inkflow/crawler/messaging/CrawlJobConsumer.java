package org.inkflow.crawler.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.inkflow.common.events.CrawlJobRequested;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.WorkRecords;
import org.inkflow.crawler.config.CrawlerConfig;
import org.inkflow.crawler.jobs.CrawlJobService;
import org.inkflow.crawler.jobs.JobRun;

/**
 * Crawl jobs from {@code inkflow.crawl.jobs}, with the consumer group as the ownership engine (ADR 0028): the replica
 * whose partition holds a job's run record runs it, and the record is acknowledged only when the job ends
 * (COMPLETED, FAILED, CANCELLED). A revoked partition stops its jobs where they are (bounded by
 * {@code inkflow.crawler.stop-timeout}) and leaves their records uncommitted, so the next owner resumes each from
 * its status in S3. A cancel record (same key, so the same owner) cancels the job held here, or marks it CANCELLED
 * when it is not running. A record that is not a valid job (bad JSON, unknown source, a host outside the allow-list)
 * goes to {@code inkflow.crawl.jobs.dlq} with the reason; a record for a job that already ended is acknowledged.
 */
@ApplicationScoped
public class CrawlJobConsumer {

    private final CrawlJobService jobs;
    private final WorkRecords records;
    private final CrawlJobOwnership ownership;
    private final Duration stopTimeout;

    @Inject
    public CrawlJobConsumer(CrawlJobService jobs, WorkRecords records,
                            @Identifier(CrawlJobOwnership.NAME) CrawlJobOwnership ownership, CrawlerConfig config) {
        this(jobs, records, ownership, config.stopTimeout());
    }

    public CrawlJobConsumer(CrawlJobService jobs, WorkRecords records, CrawlJobOwnership ownership, Duration stopTimeout) {
        this.jobs = jobs;
        this.records = records;
        this.ownership = ownership;
        this.stopTimeout = stopTimeout;
    }

    @Incoming(Channels.CRAWL_JOBS)
    public CompletionStage<Void> consume(Message<String> message) {
        return records.accept(message, CrawlJobRequested.class, CrawlJobConsumer::unitId, ownership.work(), this::start);
    }

    /** A cancel is held under its own id, so it is acted on while the job it cancels is held here. */
    static String unitId(CrawlJobRequested request) {
        return request.isCancel() ? "cancel/" + request.jobId() : request.jobId();
    }

    private WorkRecords.Started start(CrawlJobRequested request) {
        if (request.isCancel()) {
            jobs.cancelHere(request.jobId());
            return null;
        }
        return jobs.start(request.jobId(), () -> jobs.prepare(request.jobId(), request.source(), request.baseUrl(),
                        request.tags(), request.rating(), request.maxImages(), request.requestsPerSecond(),
                        request.size(), request.requestedAt()))
                .map(this::started)
                .orElse(null);
    }

    private WorkRecords.Started started(JobRun run) {
        return new WorkRecords.Started(() -> run.stop(stopTimeout), run.done().thenApply(end ->
                end == JobRun.End.ENDED ? WorkRecords.Outcome.FINISHED : WorkRecords.Outcome.STOPPED));
    }
}
