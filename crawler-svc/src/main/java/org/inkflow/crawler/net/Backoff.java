package org.inkflow.crawler.net;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of {@code base * 2^n}, capped,
 * so many clients that failed together do not retry together. A server's Retry-After is a floor.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration base, Duration max, RandomGenerator random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    public Duration max() {
        return max;
    }

    /** Delay before retry number {@code retry} (0 for the first retry). */
    public Duration delay(int retry) {
        double cap = Math.min((double) max.toNanos(), base.toNanos() * Math.pow(2, Math.min(retry, 40)));
        double jittered = cap / 2 + random.nextDouble() * cap / 2;
        return Duration.ofNanos((long) jittered);
    }

    /**
     * Parses a Retry-After header: delta-seconds or an HTTP date. Empty when absent or unreadable (then the backoff
     * alone decides).
     */
    public static Optional<Duration> parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
