package org.inkflow.crawler.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.common.events.CrawlJobRequested;
import org.inkflow.common.events.EventJson;
import org.inkflow.crawler.jobs.CrawlJobService;
import org.inkflow.crawler.jobs.CrawlSpec;
import org.jboss.logging.Logger;

/**
 * Accepts crawl jobs from {@code inkflow.crawl.jobs}. A record that is not a valid job (bad JSON, unknown source,
 * a host outside the allow-list...) throws, and the dead-letter strategy moves it to {@code inkflow.crawl.jobs.dlq}
 * with the reason. The same job id twice starts one job.
 */
@ApplicationScoped
public class CrawlJobConsumer {

    private static final Logger LOG = Logger.getLogger(CrawlJobConsumer.class);

    private final CrawlJobService jobs;

    public CrawlJobConsumer(CrawlJobService jobs) {
        this.jobs = jobs;
    }

    @Incoming(Channels.CRAWL_JOBS)
    @Blocking
    public void consume(String json) {
        CrawlJobRequested request = EventJson.read(json, CrawlJobRequested.class);
        CrawlSpec spec = jobs.prepare(request.jobId(), request.source(), request.baseUrl(), request.tags(),
                request.rating(), request.maxImages(), request.requestsPerSecond(), request.size(), request.requestedAt());
        jobs.submit(spec);
        LOG.infof("crawl job %s accepted from %s", spec.jobId(), Channels.CRAWL_JOBS);
    }
}
