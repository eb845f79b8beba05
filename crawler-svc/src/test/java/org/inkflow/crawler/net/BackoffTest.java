package org.inkflow.crawler.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleWithinJitterBoundsUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new SplittableRandom(7));
        for (int retry = 0; retry < 8; retry++) {
            long cap = Math.min(1000, 100L << retry);
            for (int i = 0; i < 50; i++) {
                long ms = backoff.delay(retry).toMillis();
                assertThat(ms).as("retry %d", retry).isBetween(cap / 2, cap);
            }
        }
    }

    @Test
    void jitterSpreadsRetries() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new SplittableRandom(1));
        long distinct = java.util.stream.IntStream.range(0, 20).mapToObj(i -> backoff.delay(3)).distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Backoff.parseRetryAfter("3", now)).contains(Duration.ofSeconds(3));
        assertThat(Backoff.parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).contains(Duration.ofSeconds(5));
        assertThat(Backoff.parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(Backoff.parseRetryAfter("-4", now)).contains(Duration.ZERO);
        assertThat(Backoff.parseRetryAfter("soon", now)).isEmpty();
        assertThat(Backoff.parseRetryAfter(null, now)).isEmpty();
    }
}
