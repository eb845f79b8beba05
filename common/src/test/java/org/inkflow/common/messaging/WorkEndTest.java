package org.inkflow.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkEndTest {

    @Test
    void returnsTheFirstEndedStatus() {
        AtomicInteger reads = new AtomicInteger();
        Optional<String> s = WorkEnd.await(() -> Optional.of(reads.incrementAndGet() < 3 ? "RUNNING" : "STOPPED"),
                "STOPPED"::equals, Duration.ofSeconds(10));
        assertThat(s).contains("STOPPED");
        assertThat(reads).hasValue(3);
    }

    @Test
    void returnsEmptyOnceTheUnitIsGone() {
        AtomicInteger reads = new AtomicInteger();
        Optional<String> s = WorkEnd.await(() -> reads.incrementAndGet() < 2 ? Optional.of("RUNNING") : Optional.empty(),
                "STOPPED"::equals, Duration.ofSeconds(10));
        assertThat(s).isEmpty();
        assertThat(reads).hasValue(2);
    }

    @Test
    void returnsTheStatusAsItIsWhenTheWaitRunsOut() {
        long start = System.nanoTime();
        Optional<String> s = WorkEnd.await(() -> Optional.of("RUNNING"), "STOPPED"::equals, Duration.ofMillis(250));
        assertThat(s).contains("RUNNING");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void readsOnceWithoutWaitingWhenTheWaitIsZero() {
        AtomicInteger reads = new AtomicInteger();
        assertThat(WorkEnd.await(() -> Optional.of("R" + reads.incrementAndGet()), "STOPPED"::equals, Duration.ZERO))
                .contains("R1");
    }
}
