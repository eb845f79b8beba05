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
    final WaitingRecords waiting = new WaitingRecords(time);
    final InboundEvents inbound = new InboundEvents(new TransientRetry(TransientRetryTest.POLICY, time, time::sleep, () -> 0),
            waiting);

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

    @Test
    void aRecordWaitingOnADependencyIsListedUntilItIsDoneAndItsAttemptsReachTheDeadLetter() {
        List<Integer> waitingSeen = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        inbound.handle(record(5, job()), CrawlJobRequested.class, e -> {
            waitingSeen.add(waiting.count());
            if (calls.incrementAndGet() < 3) {
                throw new TransientFailure("S3 unreachable");
            }
        });
        assertThat(waitingSeen).as("waiting while retried, from the first transient failure on").containsExactly(0, 1, 1);
        assertThat(waiting.count()).as("done").isZero();

        assertThatThrownBy(() -> inbound.handle(record(6, job()), CrawlJobRequested.class, e -> {
            assertThat(waiting.snapshot()).allSatisfy((id, w) -> assertThat(w.lastFailure()).isEqualTo("S3 unreachable"));
            throw new TransientFailure("S3 unreachable");
        })).hasMessageContaining("still failing after 15 attempts");
        assertThat(waiting.count()).as("given up: no longer waiting").isZero();
        assertThat(inbound.deadLetterAttempts(Topics.CRAWL_JOBS, 0, 6)).hasValue(15);

        assertThatThrownBy(() -> inbound.handle(record(9, "not JSON {"), CrawlJobRequested.class, e -> { }));
        assertThat(inbound.deadLetterAttempts(Topics.CRAWL_JOBS, 0, 9)).hasValue(1);
        assertThat(inbound.deadLetterAttempts(Topics.CRAWL_JOBS, 0, 5)).as("processed, not dead-lettered").isEmpty();
    }

    @Test
    void theDeadLetterMetadataCarriesTheAttemptsAndKeepsGivenHeaders() {
        var given = io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata.builder()
                .withHeaders(new org.apache.kafka.common.header.internals.RecordHeaders().add("x", new byte[] {1})).build();
        var metadata = DeadLetterWithAttempts.withAttempts(org.eclipse.microprofile.reactive.messaging.Metadata.of(given), 4);
        var out = metadata.get(io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(new String(out.getHeaders().lastHeader(DeadLetterWithAttempts.ATTEMPTS_HEADER).value())).isEqualTo("4");
        assertThat(out.getHeaders().lastHeader("x")).isNotNull();
        assertThat(out.getPartition()).as("the dead-letter topic's partition is left to the producer").isNegative();
        assertThat(DeadLetterWithAttempts.withAttempts(null, 1).get(
                io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata.class)).isPresent();
    }
}
