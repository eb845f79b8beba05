package org.inkflow.crawler.jobs;

import org.inkflow.crawler.crawl.CrawlSpec;

/**
 * Where job requests go so that the replica owning the job acts on them: a record keyed by the job id on the
 * crawl-jobs topic (messaging implements it). Both calls return once the request is durable.
 */
public interface JobRequests {

    /** Asks for the job to run (or resume) on its owner; fails with {@link JobQueueUnavailableException}. */
    void run(CrawlSpec spec);

    /** Asks the job's owner to cancel it; fails with {@link JobQueueUnavailableException}. */
    void cancel(String jobId);
}
