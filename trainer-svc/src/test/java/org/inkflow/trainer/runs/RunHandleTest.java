package org.inkflow.trainer.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A run's time on one replica (ADR 0028): revoked before or while it trains, cancelled in the queue. */
class RunHandleTest {

    static RunHandle queued(String id) {
        RunStatus s = new RunStatus();
        s.id = id;
        s.state = RunState.QUEUED;
        return new RunHandle(s);
    }

    @Test
    void aRunRevokedWhileItWaitsIsHandedOnUntouched() throws Exception {
        RunHandle handle = queued("waiting");
        handle.stop(Duration.ofSeconds(5));
        assertThat(handle.done().toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo(RunHandle.End.STOPPED);
        assertThat(handle.begin()).as("the worker must not train it any more").isFalse();
        assertThat(handle.status().state).isEqualTo(RunState.QUEUED);
    }

    @Test
    void aRevokedRunPausesAtItsNextStepAndTheRevokeWaitsForIt() throws Exception {
        RunHandle handle = queued("training");
        assertThat(handle.begin()).isTrue();
        CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> {
            while (!handle.pauseRequested()) {
                Thread.onSpinWait(); // a step
            }
            handle.status().state = RunState.RUNNING; // checkpointed and saved, still unfinished
            handle.end();
        });
        handle.stop(Duration.ofSeconds(10));
        assertThat(handle.done().toCompletableFuture().isDone()).as("stop returns once the run has paused").isTrue();
        assertThat(handle.done().toCompletableFuture().get()).isEqualTo(RunHandle.End.STOPPED);
        worker.get(1, TimeUnit.SECONDS);
    }

    @Test
    void aRunThatEndsIsDoneForItsRecord() throws Exception {
        RunHandle handle = queued("ending");
        assertThat(handle.begin()).isTrue();
        handle.status().state = RunState.COMPLETED;
        handle.end();
        assertThat(handle.done().toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo(RunHandle.End.ENDED);
    }

    @Test
    void aStopThatTheRunMissesReturnsAfterTheTimeout() {
        RunHandle handle = queued("stuck");
        assertThat(handle.begin()).isTrue();
        long start = System.nanoTime();
        handle.stop(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200))
                .isLessThan(Duration.ofSeconds(5));
        assertThat(handle.done().toCompletableFuture().isDone()).isFalse();
    }

    @Test
    void aCancelEndsAQueuedRunButNotOneTheWorkerHas() throws Exception {
        RunHandle waiting = queued("cancel-waiting");
        AtomicBoolean ended = new AtomicBoolean();
        assertThat(waiting.endBeforeStartWith(() -> {
            waiting.status().state = RunState.STOPPED;
            ended.set(true);
        })).isTrue();
        assertThat(ended).isTrue();
        assertThat(waiting.done().toCompletableFuture().get(1, TimeUnit.SECONDS)).isEqualTo(RunHandle.End.ENDED);
        assertThat(waiting.begin()).isFalse();

        RunHandle training = queued("cancel-training");
        assertThat(training.begin()).isTrue();
        assertThat(training.endBeforeStartWith(() -> {
            throw new AssertionError("the training loop stops it, not the cancel");
        })).isFalse();
    }
}
