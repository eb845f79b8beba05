package org.inkflow.crawler.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.OwnedWork;
import org.inkflow.common.messaging.WorkRebalanceListener;

/**
 * The crawl-jobs consumer's partition assignment, fed to the jobs this replica holds (ADR 0028): a revoked or lost
 * partition stops its jobs here so their next owner resumes them. Named in application.properties as the channel's
 * {@code consumer-rebalance-listener.name}.
 */
@ApplicationScoped
@Identifier(CrawlJobOwnership.NAME)
public class CrawlJobOwnership extends WorkRebalanceListener {

    public static final String NAME = "crawl-jobs-ownership";

    public CrawlJobOwnership() {
        this(new OwnedWork(Channels.CRAWL_JOBS));
    }

    CrawlJobOwnership(OwnedWork work) {
        super(work);
    }
}
