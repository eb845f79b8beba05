package org.inkflow.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.inkflow.common.events.CrawlJobRequested;
import org.inkflow.common.events.Topics;
import org.junit.jupiter.api.Test;

class WorkRecordsTest {

    static final TopicPartition P0 = new TopicPartition(Topics.CRAWL_JOBS, 0);

    final TransientRetryTest.FakeTime time = new TransientRetryTest.FakeTime();
    final WorkRecords records = new WorkRecords(new InboundEvents(
            new TransientRetry(TransientRetryTest.POLICY, time, time::sleep, () -> 0)));
    final OwnedWork work = new OwnedWork("crawl-jobs");

    /** A record of the work topic whose acknowledgement and negative acknowledgement are seen by the test. */
    static final class Delivery {
        final AtomicInteger acks = new AtomicInteger();
        final AtomicReference<Throwable> nack = new AtomicReference<>();
        final Message<String> message;

        Delivery(long offset, String value) {
            ConsumerRecord<String, String> record = new ConsumerRecord<>(P0.topic(), P0.partition(), offset, "k", value);
            message = Message.of(value, Metadata.of(new IncomingKafkaRecordMetadata<>(record, "crawl-jobs", 0, 1)),
                    () -> {
                        acks.incrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    },
                    failure -> {
                        nack.set(failure);
                        return CompletableFuture.completedFuture(null);
                    });
        }
    }

    static String job(String id) {
        return "{\"schemaVersion\":1,\"jobId\":\"" + id + "\",\"source\":\"safebooru\",\"maxImages\":3}";
    }

    CompletionStage<Void> accept(Delivery delivery, WorkRecords.Starter<CrawlJobRequested> starter) {
        return records.accept(delivery.message, CrawlJobRequested.class, CrawlJobRequested::jobId, work, starter);
    }

    static void join(CompletionStage<Void> stage) {
        stage.toCompletableFuture().join();
    }

    @Test
    void theRecordIsAcknowledgedOnlyWhenItsUnitFinishes() {
        work.assigned(List.of(P0));
        CompletableFuture<WorkRecords.Outcome> done = new CompletableFuture<>();
        Delivery delivery = new Delivery(3, job("j-1"));

        join(accept(delivery, event -> new WorkRecords.Started(() -> { }, done)));
        assertThat(work.owns("j-1")).isTrue();
        assertThat(delivery.acks).hasValue(0);

        done.complete(WorkRecords.Outcome.FINISHED);
        assertThat(delivery.acks).hasValue(1);
        assertThat(work.holds("j-1")).isFalse();
    }

    @Test
    void aUnitStoppedByARevokeIsNeverAcknowledged() {
        work.assigned(List.of(P0));
        CompletableFuture<WorkRecords.Outcome> done = new CompletableFuture<>();
        AtomicInteger stops = new AtomicInteger();
        Delivery delivery = new Delivery(4, job("j-2"));
        join(accept(delivery, event -> new WorkRecords.Started(() -> {
            stops.incrementAndGet();
            done.complete(WorkRecords.Outcome.FINISHED); // even a unit that races to its end after the revoke
        }, done)));

        assertThat(work.revoked(List.of(P0))).containsExactly("j-2");

        assertThat(stops).hasValue(1);
        assertThat(delivery.acks).hasValue(0);
        assertThat(delivery.nack).hasValue(null);
    }

    @Test
    void aRecordForAUnitThatAlreadyEndedIsAcknowledgedAtOnce() {
        work.assigned(List.of(P0));
        Delivery delivery = new Delivery(5, job("j-3"));
        join(accept(delivery, event -> null));
        assertThat(delivery.acks).hasValue(1);
        assertThat(work.ids()).isEmpty();
    }

    @Test
    void aSecondRecordForAUnitHeldHereIsAcknowledgedWithoutASecondStart() {
        work.assigned(List.of(P0));
        AtomicInteger starts = new AtomicInteger();
        WorkRecords.Starter<CrawlJobRequested> starter = event -> {
            starts.incrementAndGet();
            return new WorkRecords.Started(() -> { }, new CompletableFuture<>());
        };
        Delivery first = new Delivery(6, job("j-4"));
        Delivery second = new Delivery(9, job("j-4"));
        join(accept(first, starter));
        join(accept(second, starter));
        assertThat(starts).hasValue(1);
        assertThat(first.acks).hasValue(0);
        assertThat(second.acks).hasValue(1);
    }

    @Test
    void aRecordFromAPartitionNoLongerAssignedIsLeftForItsNewOwner() {
        Delivery delivery = new Delivery(7, job("j-5"));
        AtomicInteger starts = new AtomicInteger();
        join(accept(delivery, event -> {
            starts.incrementAndGet();
            return null;
        }));
        assertThat(starts).hasValue(0);
        assertThat(delivery.acks).hasValue(0);
        assertThat(delivery.nack).hasValue(null);
    }

    @Test
    void poisonIsNegativelyAcknowledgedForTheDeadLetterTopicAndNothingIsHeld() {
        work.assigned(List.of(P0));
        Delivery invalid = new Delivery(8, "{ not json");
        join(accept(invalid, event -> null));
        assertThat(invalid.nack.get()).hasMessageContaining("not a valid CrawlJobRequested");

        Delivery refused = new Delivery(10, job("j-6"));
        join(accept(refused, event -> {
            throw new IllegalArgumentException("unknown source 'x'");
        }));
        assertThat(refused.nack.get()).hasMessage("unknown source 'x'");
        assertThat(work.ids()).isEmpty();
        assertThat(invalid.acks.get() + refused.acks.get()).isZero();
    }

    @Test
    void aTransientFailureWhileStartingIsRetriedAndTheUnitStartsOnce() {
        work.assigned(List.of(P0));
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<WorkRecords.Outcome> done = new CompletableFuture<>();
        Delivery delivery = new Delivery(11, job("j-7"));
        join(accept(delivery, event -> {
            if (calls.incrementAndGet() < 3) {
                throw new TransientFailure("S3 unreachable");
            }
            return new WorkRecords.Started(() -> { }, done);
        }));
        assertThat(calls).hasValue(3);
        assertThat(work.owns("j-7")).isTrue();
        done.complete(WorkRecords.Outcome.STOPPED);
        assertThat(work.holds("j-7")).isFalse();
        assertThat(delivery.acks).as("stopped, not finished").hasValue(0);
    }
}
