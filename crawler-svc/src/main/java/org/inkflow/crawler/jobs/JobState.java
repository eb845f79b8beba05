package org.inkflow.crawler.jobs;

/** A crawl job's life: QUEUED, RUNNING, then one of the terminal states. */
public enum JobState {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
