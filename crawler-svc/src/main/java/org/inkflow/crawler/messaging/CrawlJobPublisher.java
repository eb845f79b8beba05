package org.inkflow.crawler.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.inkflow.common.events.CrawlJobRequested;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.EventNotAcknowledgedException;
import org.inkflow.common.messaging.EventSender;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.jobs.JobQueueUnavailableException;
import org.inkflow.crawler.jobs.JobRequests;

/**
 * Puts run and cancel records on {@code inkflow.crawl.jobs}, keyed by job id, and waits for the broker's
 * acknowledgement: the record's partition decides which replica acts on it.
 */
@ApplicationScoped
public class CrawlJobPublisher implements JobRequests {

    private final Emitter<String> emitter;
    private final EventSender sender;
    private final Clock clock;

    public CrawlJobPublisher(@Channel(Channels.CRAWL_JOBS_OUT) Emitter<String> emitter, EventSender sender, Clock clock) {
        this.emitter = emitter;
        this.sender = sender;
        this.clock = clock;
    }

    @Override
    public void run(CrawlSpec spec) {
        send(new CrawlJobRequested(CrawlJobRequested.SCHEMA_VERSION, spec.jobId(), spec.source(), spec.baseUrl(),
                spec.tags(), spec.rating(), spec.maxImages(), spec.requestsPerSecond(), spec.requestedAt(),
                spec.size(), CrawlJobRequested.RUN));
    }

    @Override
    public void cancel(String jobId) {
        send(CrawlJobRequested.cancel(jobId, clock.instant()));
    }

    private void send(CrawlJobRequested request) {
        try {
            sender.send(emitter, request);
        } catch (EventNotAcknowledgedException e) {
            throw new JobQueueUnavailableException("the " + request.action() + " request for crawl job "
                    + request.jobId() + " could not be queued: " + e.getMessage() + "; try again later");
        }
    }
}
