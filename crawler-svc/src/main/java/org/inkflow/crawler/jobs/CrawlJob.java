package org.inkflow.crawler.jobs;

import java.time.Clock;
import java.time.Instant;
import org.inkflow.crawler.crawl.CrawlSpec;

/** A job in this replica's memory while it runs here: its spec, live state and tally; {@link #snapshot()} is what is shown and saved. */
final class CrawlJob {

    final CrawlSpec spec;
    final CrawlCounts.Tally tally;
    private final Clock clock;
    private volatile JobState state;
    private volatile CrawlCursor cursor;
    private volatile String error;
    private volatile int attempts;
    private final Instant createdAt;
    private volatile Instant startedAt;
    private volatile Instant updatedAt;
    private volatile Instant finishedAt;
    volatile boolean cancelRequested;
    /**
     * This replica gives the job up (partition revoked, service stopping). Set before the interrupt, because a
     * library that catches the interrupt (an S3 or Kafka client wrapping it in its own exception) clears the flag.
     */
    volatile boolean stopRequested;

    CrawlJob(CrawlSpec spec, Clock clock) {
        this.spec = spec;
        this.clock = clock;
        this.tally = new CrawlCounts.Tally(CrawlCounts.ZERO);
        this.state = JobState.QUEUED;
        this.cursor = CrawlCursor.START;
        this.createdAt = spec.requestedAt() == null ? clock.instant() : spec.requestedAt();
        this.updatedAt = createdAt;
    }

    /** A job read back from its status document. */
    CrawlJob(CrawlJobStatus status, Clock clock) {
        this.spec = status.spec();
        this.clock = clock;
        this.tally = new CrawlCounts.Tally(status.counts() == null ? CrawlCounts.ZERO : status.counts());
        this.state = status.state();
        this.cursor = status.cursor() == null ? CrawlCursor.START : status.cursor();
        this.error = status.error();
        this.attempts = status.attempts();
        this.createdAt = status.createdAt();
        this.startedAt = status.startedAt();
        this.updatedAt = status.updatedAt();
        this.finishedAt = status.finishedAt();
    }

    String id() {
        return spec.jobId();
    }

    JobState state() {
        return state;
    }

    CrawlCursor cursor() {
        return cursor;
    }

    int attempts() {
        return attempts;
    }

    Instant startedAt() {
        return startedAt;
    }

    String error() {
        return error;
    }

    /** Marks the job RUNNING and counts the start (the caller saves it before any work). */
    synchronized void running() {
        if (state == JobState.QUEUED || state == JobState.RUNNING) {
            state = JobState.RUNNING;
            attempts++;
            if (startedAt == null) {
                startedAt = clock.instant();
            }
            touch();
        }
    }

    /**
     * The run stopped cleanly where it was (its partition moved, or the service is stopping): the start it counted
     * is given back, so only starts that died without stopping (a kill, a crash) count towards the attempt cap.
     */
    synchronized void stoppedCleanly() {
        if (!state.terminal() && attempts > 0) {
            attempts--;
            touch();
        }
    }

    void advance(CrawlCursor next) {
        cursor = next;
        touch();
    }

    /** Ends the job unless it already ended (a cancel wins over a late completion). */
    synchronized void end(JobState terminal, String message) {
        if (!state.terminal()) {
            state = terminal;
            error = message;
            finishedAt = clock.instant();
            touch();
        }
    }

    private void touch() {
        updatedAt = clock.instant();
    }

    double progress() {
        if (state == JobState.COMPLETED) {
            return 1.0;
        }
        return Math.min(1.0, tally.yielded() / (double) Math.max(1, spec.maxImages()));
    }

    CrawlJobStatus snapshot() {
        return new CrawlJobStatus(CrawlJobStatus.SCHEMA_VERSION, spec.jobId(), state, spec.source(), spec.baseUrl(),
                spec.tags(), spec.rating(), spec.maxImages(), spec.requestsPerSecond(), spec.size(), tally.snapshot(),
                progress(), cursor, error, attempts, createdAt, startedAt, updatedAt, finishedAt);
    }
}
