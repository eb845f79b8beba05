package org.inkflow.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.inkflow.common.storage.ObjectStoreException;
import org.junit.jupiter.api.Test;

class TransientRetryTest {

    static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofMinutes(10), 0.5);

    /** A clock that only the sleeper moves, so the tests wait for nothing. */
    static final class FakeTime extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void backoffDoublesUpToTheCapAndJitterOnlyShortensIt() {
        assertThat(POLICY.delay(1, () -> 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.delay(2, () -> 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(POLICY.delay(5, () -> 0)).isEqualTo(Duration.ofSeconds(16));
        assertThat(POLICY.delay(7, () -> 0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(POLICY.delay(500, () -> 0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(POLICY.delay(3, () -> 0.999_999)).isEqualTo(Duration.ofSeconds(2));
        assertThat(POLICY.delay(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void invalidPoliciesAreRefusedNamingTheProperties() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(1), 0.5))
                .hasMessageContaining("inkflow.messaging.retry");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(1), 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transientFailuresAreRetriedWithBackoffUntilTheyPass() {
        FakeTime time = new FakeTime();
        TransientRetry retry = new TransientRetry(POLICY, time, time::sleep, () -> 0);
        AtomicInteger calls = new AtomicInteger();
        int attempts = retry.run(() -> {
            if (calls.incrementAndGet() < 4) {
                throw new ObjectStoreException("get failed", new ConnectException("Connection refused"));
            }
        });
        assertThat(attempts).isEqualTo(4);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void poisonIsNotRetried() {
        FakeTime time = new FakeTime();
        TransientRetry retry = new TransientRetry(POLICY, time, time::sleep, () -> 0);
        assertThatThrownBy(() -> retry.run(() -> {
            throw new IllegalArgumentException("unknown dataset");
        })).isInstanceOfSatisfying(TransientRetry.ProcessingFailed.class, f -> {
            assertThat(f.attempts()).isEqualTo(1);
            assertThat(f.retriesExhausted()).isFalse();
            assertThat(f.getMessage()).isEqualTo("unknown dataset");
        });
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void aTransientFailureThatOutlastsTheMaxDurationEndsWithTheAttemptCount() {
        FakeTime time = new FakeTime();
        TransientRetry retry = new TransientRetry(POLICY, time, time::sleep, () -> 0);
        assertThatThrownBy(() -> retry.run(() -> {
            throw new TransientFailure("S3 unreachable");
        })).isInstanceOfSatisfying(TransientRetry.ProcessingFailed.class, f -> {
            // 1+2+4+8+16+32 = 63 s, then 60 s waits: 63 + 8*60 = 543 s; one more would pass 600 s.
            assertThat(f.attempts()).isEqualTo(15);
            assertThat(f.retriesExhausted()).isTrue();
        });
        Duration slept = time.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(slept).isLessThanOrEqualTo(Duration.ofMinutes(10)).isGreaterThan(Duration.ofMinutes(9));
    }

    @Test
    void workRetriedInPlaceIsListedAsWaitingWhileItWaitsAndNotAfter() {
        FakeTime time = new FakeTime();
        WaitingRecords waiting = new WaitingRecords(time);
        List<String> seenWhileSleeping = new ArrayList<>();
        TransientRetry retry = new TransientRetry(POLICY, time, d -> {
            WaitingRecords.Wait w = waiting.snapshot().get("crawl-job/j1 storing post 7");
            seenWhileSleeping.add(w.attempts() + " " + w.lastFailure());
            time.sleep(d);
        }, () -> 0);
        AtomicInteger calls = new AtomicInteger();
        int attempts = retry.run(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new ObjectStoreException("put raw/x.png failed: Connection refused", new ConnectException("refused"));
            }
        }, waiting, "crawl-job/j1 storing post 7");
        assertThat(attempts).isEqualTo(3);
        assertThat(seenWhileSleeping).containsExactly("1 put raw/x.png failed: Connection refused",
                "2 put raw/x.png failed: Connection refused");
        assertThat(waiting.count()).as("done: no longer waiting").isZero();
    }

    @Test
    void workThatFailsAsPoisonOrRunsOutOfRetriesIsNotLeftWaiting() {
        FakeTime time = new FakeTime();
        WaitingRecords waiting = new WaitingRecords(time);
        TransientRetry retry = new TransientRetry(POLICY, time, time::sleep, () -> 0);
        assertThatThrownBy(() -> retry.run(() -> {
            throw new IllegalArgumentException("bad image");
        }, waiting, "poison")).isInstanceOf(TransientRetry.ProcessingFailed.class);
        assertThatThrownBy(() -> retry.run(() -> {
            throw new TransientFailure("S3 unreachable");
        }, waiting, "outlasting")).isInstanceOfSatisfying(TransientRetry.ProcessingFailed.class,
                f -> assertThat(f.retriesExhausted()).isTrue());
        assertThat(waiting.count()).isZero();
    }
}
