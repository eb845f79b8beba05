package org.inkflow.common.artifacts;

import java.util.Optional;

/**
 * The cap on how often a long unit of work (a crawl job, a training run) may start without finishing. The unit's
 * status record counts its starts ({@code attempts}); the service adds one and saves it before the work begins, so
 * an attempt that kills the process still counts, and a unit that has used up its starts ends FAILED instead of
 * crash-looping the service on every restart.
 */
public record AttemptCap(int maxAttempts) {

    /** Starts a unit gets when the service's property does not say. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public AttemptCap {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1 (was " + maxAttempts
                    + "); set it to how many times a unit may start before it is marked FAILED");
        }
    }

    /**
     * Why a unit that has already started {@code attempts} times must not start again, or empty while it may.
     * {@code lastError} is what the last attempt recorded, if anything; without one the process died each time.
     */
    public Optional<String> exhausted(int attempts, String lastError) {
        if (attempts < maxAttempts) {
            return Optional.empty();
        }
        String prefix = "started " + attempts + " times without finishing";
        return Optional.of(lastError == null || lastError.isBlank()
                ? prefix + "; the process died each time"
                : prefix + "; last error: " + lastError);
    }
}
