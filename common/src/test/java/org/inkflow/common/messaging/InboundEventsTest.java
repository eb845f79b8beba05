package org.inkflow.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.inkflow.common.events.CrawlJobRequested;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.InvalidEventException;
import org.inkflow.common.events.Topics;
import org.junit.jupiter.api.Test;

class InboundEventsTest {

    final TransientRetryTest.FakeTime time = new TransientRetryTest.FakeTime();
    final InboundEvents inbound = new InboundEvents(new TransientRetry(TransientRetryTest.POLICY, time, time::sleep, () -> 0));

    static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>(Topics.CRAWL_JOBS, 0, offset, "k", value);
    }

    static String job() {
        return "{\"schemaVersion\":1,\"jobId\":\"j-1\",\"source\":\"safebooru\",\"maxImages\":3}";
    }

    @Test
    void aValidEventReachesTheDomain() {
        List<CrawlJobRequested> seen = new ArrayList<>();
        String json = job();
        CrawlJobRequested expected = EventJson.read(json, CrawlJobRequested.class);
        inbound.handle(record(1, json), CrawlJobRequested.class, seen::add);
        assertThat(seen).containsExactly(expected);
    }

    @Test
    void anInvalidEventIsPoisonAtTheFirstAttemptAndItsRedeliveryIsSkipped() {
        ConsumerRecord<String, String> poison = record(7, "not JSON {");
        assertThatThrownBy(() -> inbound.handle(poison, CrawlJobRequested.class, e -> { }))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("not a valid CrawlJobRequested");

        // The same record again (a rebalance before the commit) is not dead-lettered a second time.
        inbound.handle(record(7, "not JSON {"), CrawlJobRequested.class, e -> { });
        // Another record at another offset is judged on its own.
        assertThatThrownBy(() -> inbound.handle(record(8, "not JSON {"), CrawlJobRequested.class, e -> { }))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void aDomainErrorKeepsItsMessageAsTheReason() {
        assertThatThrownBy(() -> inbound.handle(record(2, job()), CrawlJobRequested.class, e -> {
            throw new IllegalArgumentException("unknown source");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("unknown source");
    }

    @Test
    void transientFailuresAreRetriedAndExhaustedOnesSayHowLongTheyWereTried() {
        AtomicInteger calls = new AtomicInteger();
        inbound.handle(record(3, job()), CrawlJobRequested.class, e -> {
            if (calls.incrementAndGet() < 3) {
                throw new TransientFailure("S3 unreachable");
            }
        });
        assertThat(calls).hasValue(3);

        ConsumerRecord<String, String> stuck = record(4, job());
        assertThatThrownBy(() -> inbound.handle(stuck, CrawlJobRequested.class, e -> {
            throw new TransientFailure("S3 unreachable");
        })).isInstanceOf(TransientFailure.class).hasMessageContaining("still failing after 15 attempts")
                .hasMessageContaining("inkflow.messaging.retry.max-duration").hasMessageContaining("S3 unreachable");
        assertThat(time.sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isLessThanOrEqualTo(Duration.ofMinutes(10));
    }
}
