package org.inkflow.crawler.jobs;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One run of a job on this replica, from its start (or resume) to its end here: the job either reaches a terminal
 * state ({@link End#ENDED}: its record is done) or is {@link #stop stopped} where it is ({@link End#STOPPED}: its
 * partition moved or the service is stopping) with its cursor saved and its attempt given back, so the next owner
 * resumes it. A run still waiting for a free slot (more jobs than {@code max-concurrent-jobs}) stops at once.
 */
public final class JobRun {

    /** How the run ended here. */
    public enum End {
        /** COMPLETED, FAILED or CANCELLED, saved in its status. */
        ENDED,
        /** Stopped where it was, still RUNNING or QUEUED in its status, for its next owner to resume. */
        STOPPED
    }

    private static final Logger LOG = Logger.getLogger(JobRun.class);

    private final CrawlJob job;
    private final CrawlJobRunner runner;
    private final CompletableFuture<End> done = new CompletableFuture<>();
    private Thread thread;
    private boolean stopRequested;
    private boolean started;

    JobRun(CrawlJob job, CrawlJobRunner runner) {
        this.job = job;
        this.runner = runner;
    }

    public String jobId() {
        return job.id();
    }

    CrawlJob job() {
        return job;
    }

    /** Completes when the run ended here, however it ended. */
    public CompletionStage<End> done() {
        return done;
    }

    /** Runs the job on the calling thread (an executor's), unless it was stopped while it waited. */
    void work() {
        synchronized (this) {
            if (stopRequested) {
                return; // stop() already completed it
            }
            started = true;
            thread = Thread.currentThread();
        }
        try {
            runner.run(job);
        } catch (RuntimeException e) {
            LOG.errorf(e, "crawl job %s: the runner failed outside its own handling", job.id());
        } finally {
            synchronized (this) {
                thread = null;
            }
            Thread.interrupted(); // a stop's interrupt ends with this run, not with the pool thread's next task
            done.complete(job.state().terminal() ? End.ENDED : End.STOPPED);
        }
    }

    /** Interrupts the job (a cancel): the runner sees {@code cancelRequested} and ends it CANCELLED. */
    void interrupt() {
        synchronized (this) {
            job.stopRequested = true; // a cancel has set cancelRequested first, which the runner reads first
            if (thread != null) {
                thread.interrupt();
            } else if (!started) {
                stopRequested = true;
                done.complete(job.state().terminal() ? End.ENDED : End.STOPPED);
            }
        }
    }

    /**
     * Stops the run where it is and waits, at most {@code timeout}, until it has (its cursor saved). A run past the
     * timeout is left to end on its own: its next owner may then briefly work on the same job, which costs a
     * repeated item, not a duplicate image (objects are content-addressed and write-once).
     */
    public void stop(Duration timeout) {
        synchronized (this) {
            stopRequested = true;
            job.stopRequested = true;
            if (thread != null) {
                thread.interrupt();
            } else if (!started) {
                done.complete(job.state().terminal() ? End.ENDED : End.STOPPED);
                return;
            }
        }
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("crawl job %s did not stop within %s (inkflow.crawler.stop-timeout); it ends on its own",
                    job.id(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // done never completes exceptionally
        }
    }
}
