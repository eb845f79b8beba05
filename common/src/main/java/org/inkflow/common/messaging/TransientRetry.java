package org.inkflow.common.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * Runs one record's processing, retrying it while it fails transiently, by {@link RetryPolicy}. The consumer thread
 * waits meanwhile, so SmallRye stops polling the partition once its buffer is full: the partition is paused, later
 * records wait and the order is kept.
 *
 * <p>Hand-written rather than SmallRye Fault Tolerance's {@code @Retry}/{@code @ExponentialBackoff} because the
 * decision needs {@link FailureClassifier} over the whole cause chain (not a list of exception classes), the
 * attempt count must reach the dead-letter headers, one runtime setting must govern every consumer of every service,
 * and the loop must be testable with a fake clock and sleeper; and rather than SmallRye Kafka's
 * {@code delayed-retry-topic} strategy because that re-publishes the record to extra topics, breaking per-key order
 * instead of pausing the partition.
 */
public final class TransientRetry {

    /** Waits; a test passes one that only advances its clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final RetryPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public TransientRetry(RetryPolicy policy, Clock clock, Sleeper sleeper, DoubleSupplier random) {
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Runs {@code work} until it succeeds, returning the number of attempts made. A poison failure, a transient one
     * that outlasts the policy's max duration, or an interrupt while waiting ends it with {@link ProcessingFailed}
     * carrying the attempt count and the last failure.
     */
    public int run(Runnable work) {
        Instant start = clock.instant();
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                return attempt;
            } catch (RuntimeException failure) {
                if (FailureClassifier.classify(failure) == FailureKind.POISON) {
                    throw new ProcessingFailed(failure, attempt, false);
                }
                Duration delay = policy.delay(attempt, random);
                Duration elapsed = Duration.between(start, clock.instant());
                if (elapsed.plus(delay).compareTo(policy.maxDuration()) > 0) {
                    throw new ProcessingFailed(failure, attempt, true);
                }
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ProcessingFailed(failure, attempt, true);
                }
            }
        }
    }

    /**
     * Like {@link #run(Runnable)} for work that is not a consumed record (a crawl job storing an image in place):
     * while it waits out a transient failure, {@code waiting} lists it as {@code id} with its attempts and last failure
     * (the {@code transient-failures} readiness check is DOWN and the waiting gauge counts it); the entry goes when
     * the work ends, either way.
     */
    public int run(Runnable work, WaitingRecords waiting, String id) {
        try {
            return run(() -> {
                try {
                    work.run();
                } catch (RuntimeException failure) {
                    if (FailureClassifier.classify(failure) == FailureKind.TRANSIENT) {
                        waiting.failedTransiently(id, failure);
                    }
                    throw failure;
                }
            });
        } finally {
            waiting.done(id);
        }
    }

    /** Processing that will not be retried (again): why, after how many attempts, and whether it was transient. */
    public static final class ProcessingFailed extends RuntimeException {

        private final int attempts;
        private final boolean retriesExhausted;

        ProcessingFailed(RuntimeException failure, int attempts, boolean retriesExhausted) {
            super(failure.getMessage(), failure);
            this.attempts = attempts;
            this.retriesExhausted = retriesExhausted;
        }

        public int attempts() {
            return attempts;
        }

        /** True when the last failure was transient and the retry time ran out (or the wait was interrupted). */
        public boolean retriesExhausted() {
            return retriesExhausted;
        }

        /** The failure that ended processing. */
        public RuntimeException failure() {
            return (RuntimeException) getCause();
        }
    }
}
