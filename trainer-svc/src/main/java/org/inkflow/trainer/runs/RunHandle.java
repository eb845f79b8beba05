package org.inkflow.trainer.runs;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One run's time on this replica, from its start (or resume) to its end here: it either reaches a terminal state
 * ({@link End#ENDED}: COMPLETED, FAILED or STOPPED by a person; its record is done) or is {@link #stop paused} at
 * its next step boundary ({@link End#STOPPED}: its partition moved or the service is stopping), with a checkpoint
 * of where it was and its attempt given back, so the partition's next owner resumes it from there. A run still
 * waiting for the worker (more runs held here than {@code max-concurrent-runs}) pauses at once, untouched.
 */
public final class RunHandle {

    /** How the run ended here. */
    public enum End {
        /** COMPLETED, FAILED or STOPPED, saved in its status. */
        ENDED,
        /** Paused where it was, still QUEUED or RUNNING in its status, for its next owner to resume. */
        STOPPED
    }

    private static final Logger LOG = Logger.getLogger(RunHandle.class);

    private final RunStatus status;
    private final CompletableFuture<End> done = new CompletableFuture<>();
    private volatile boolean pauseRequested;
    private boolean started;
    private boolean finished;

    RunHandle(RunStatus status) {
        this.status = status;
    }

    public String runId() {
        return status.id;
    }

    RunStatus status() {
        return status;
    }

    /** Completes when the run ended here, however it ended. */
    public CompletionStage<End> done() {
        return done;
    }

    /** True once the run was asked to pause (revoked partition, shutdown): the training loop stops at its next step. */
    boolean pauseRequested() {
        return pauseRequested;
    }

    /** Claims the run for the worker; false when it was paused or ended before the worker got to it. */
    synchronized boolean begin() {
        if (finished) {
            return false;
        }
        started = true;
        return true;
    }

    /** The worker is done with it: ENDED when its status is terminal, else STOPPED (to be resumed elsewhere). */
    void end() {
        synchronized (this) {
            finished = true;
        }
        done.complete(endOf(status));
    }

    /**
     * Ends a run that has not started here (a cancel reached it in the queue): false when the worker has it
     * already, and then the training loop sees the cancel at its next step.
     */
    synchronized boolean endBeforeStartWith(Runnable ending) {
        if (started || finished) {
            return false;
        }
        ending.run();
        finished = true;
        done.complete(endOf(status));
        return true;
    }

    private static End endOf(RunStatus status) {
        synchronized (status) {
            return status.state != null && status.state.terminal() ? End.ENDED : End.STOPPED;
        }
    }

    /**
     * Pauses the run where it is and waits, at most {@code timeout}, until it has (checkpointed, status saved). A
     * run past the timeout is left to end on its own: its next owner may then briefly train the same run from the
     * previous checkpoint; checkpoints and exports are write-once, so that costs steps, not a corrupt run.
     */
    public void stop(Duration timeout) {
        synchronized (this) {
            pauseRequested = true;
            if (!started) {
                if (!finished) {
                    finished = true;
                    done.complete(End.STOPPED);
                }
                return;
            }
        }
        try {
            done.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("run %s did not pause within %s (inkflow.trainer.stop-timeout); it ends on its own", status.id,
                    timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // done never completes exceptionally
        }
    }
}
