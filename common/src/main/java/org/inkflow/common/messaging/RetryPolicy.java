package org.inkflow.common.messaging;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for transient failures: the n-th wait is {@code initialDelay * 2^(n-1)}, capped at
 * {@code maxDelay}, then scaled by a random factor in [1 - jitter, 1] so replicas that failed together do not retry
 * together; retries stop once the next wait would end after {@code maxDuration} from the first attempt.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, Duration maxDuration, double jitter) {

    public RetryPolicy {
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0
                || maxDuration.isNegative() || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("invalid retry policy " + initialDelay + ".." + maxDelay + " within "
                    + maxDuration + ", jitter " + jitter + "; need 0 < initial-delay <= max-delay, max-duration >= 0,"
                    + " jitter in [0, 1] (inkflow.messaging.retry.*)");
        }
    }

    /** The wait after failed attempt {@code attempt} (1-based), {@code random} in [0, 1). */
    public Duration delay(int attempt, DoubleSupplier random) {
        long initial = initialDelay.toMillis();
        int doublings = Math.max(0, attempt - 1);
        // Shifting further than the leading zeros allow would overflow; such a wait is past any cap anyway.
        long exponential = doublings >= Long.numberOfLeadingZeros(initial) - 1
                ? Long.MAX_VALUE : initial << doublings;
        long capped = Math.min(exponential, maxDelay.toMillis());
        return Duration.ofMillis(Math.round(capped * (1 - jitter * random.getAsDouble())));
    }
}
