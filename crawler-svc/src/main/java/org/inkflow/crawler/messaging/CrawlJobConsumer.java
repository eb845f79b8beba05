package org.inkflow.crawler.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.common.events.CrawlJobRequested;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.InboundEvents;
import org.inkflow.crawler.jobs.CrawlJobService;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.jboss.logging.Logger;

/**
 * Accepts crawl jobs from {@code inkflow.crawl.jobs}. A record that is not a valid job (bad JSON, unknown source,
 * a host outside the allow-list...) goes to {@code inkflow.crawl.jobs.dlq} with the reason; a job whose status cannot
 * be saved yet (S3 down) is retried ({@link InboundEvents}). The same job id twice starts one job.
 */
@ApplicationScoped
public class CrawlJobConsumer {

    private static final Logger LOG = Logger.getLogger(CrawlJobConsumer.class);

    private final CrawlJobService jobs;
    private final InboundEvents inbound;

    public CrawlJobConsumer(CrawlJobService jobs, InboundEvents inbound) {
        this.jobs = jobs;
        this.inbound = inbound;
    }

    @Incoming(Channels.CRAWL_JOBS)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        inbound.handle(record, CrawlJobRequested.class, this::accept);
    }

    private void accept(CrawlJobRequested request) {
        CrawlSpec spec = jobs.prepare(request.jobId(), request.source(), request.baseUrl(), request.tags(),
                request.rating(), request.maxImages(), request.requestsPerSecond(), request.size(), request.requestedAt());
        jobs.submit(spec);
        LOG.infof("crawl job %s accepted from %s", spec.jobId(), Channels.CRAWL_JOBS);
    }
}
