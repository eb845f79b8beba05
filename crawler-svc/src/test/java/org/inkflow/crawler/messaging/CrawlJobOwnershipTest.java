package org.inkflow.crawler.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.inkflow.common.events.CrawlJobRequested;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.Topics;
import org.inkflow.common.messaging.InboundEvents;
import org.inkflow.common.messaging.RetryPolicy;
import org.inkflow.common.messaging.TransientRetry;
import org.inkflow.common.messaging.WorkRecords;
import org.inkflow.crawler.fakes.BooruFixtures;
import org.inkflow.crawler.fakes.FakeBooruServer;
import org.inkflow.crawler.fakes.InMemoryObjectStore;
import org.inkflow.crawler.fakes.TestImages;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.jobs.CrawlCounts;
import org.inkflow.crawler.jobs.CrawlCursor;
import org.inkflow.crawler.jobs.CrawlHarness;
import org.inkflow.crawler.jobs.CrawlJobStatus;
import org.inkflow.crawler.jobs.JobState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The crawler's ownership logic with two replicas sharing one bucket, the consumer group played by the test: the
 * replica assigned a job's partition runs it and acknowledges its record only when it ends; a revoked partition stops
 * the job where it is (cursor saved, start given back, record left for the next owner), and the next owner resumes it
 * without storing or downloading again what was done; a cancel record reaches the owner; a record for an ended job is
 * acknowledged without work.
 */
@Timeout(60)
class CrawlJobOwnershipTest {

    static final TopicPartition P0 = new TopicPartition(Topics.CRAWL_JOBS, 0);

    /** One replica: its jobs, its partition ownership and its consumer. */
    static final class Replica implements AutoCloseable {
        final CrawlHarness harness;
        final CrawlJobOwnership ownership = new CrawlJobOwnership();
        final CrawlJobConsumer consumer;

        Replica(InMemoryObjectStore store) {
            harness = new CrawlHarness(store, 4, null);
            InboundEvents inbound = new InboundEvents(new TransientRetry(new RetryPolicy(Duration.ofMillis(10),
                    Duration.ofMillis(20), Duration.ofMillis(100), 0.5), Clock.systemUTC(),
                    d -> Thread.sleep(d.toMillis()), () -> 0.5));
            consumer = new CrawlJobConsumer(harness.service, new WorkRecords(inbound), ownership, Duration.ofSeconds(5));
        }

        void assign() {
            ownership.onPartitionsAssigned(null, List.of(P0));
        }

        void revoke() {
            ownership.onPartitionsRevoked(null, List.of(P0));
        }

        void deliver(Delivery delivery) {
            consumer.consume(delivery.message).toCompletableFuture().join();
        }

        @Override
        public void close() {
            harness.close();
        }
    }

    /** A record of the crawl-jobs topic whose acknowledgements the test sees. */
    static final class Delivery {
        final AtomicInteger acks = new AtomicInteger();
        final AtomicReference<Throwable> nack = new AtomicReference<>();
        final Message<String> message;

        Delivery(long offset, CrawlJobRequested request) {
            this(offset, request.jobId(), EventJson.write(request));
        }

        Delivery(long offset, String key, String value) {
            ConsumerRecord<String, String> record = new ConsumerRecord<>(P0.topic(), P0.partition(), offset, key, value);
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

    final InMemoryObjectStore store = new InMemoryObjectStore();
    final CountDownLatch release = new CountDownLatch(1);
    FakeBooruServer server;
    Replica a;
    Replica b;

    @BeforeEach
    void start() {
        server = FakeBooruServer.start();
        server.safebooru(BooruFixtures.safebooru(server, 100, 6, "fox"));
        // the third image hangs on its first request until released: the job is mid-crawl
        server.file("/images/1/img102.png", (ex, hit) -> {
            if (hit == 1) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            FakeBooruServer.send(ex, 200, "image/png", TestImages.png(102, 40, 24));
        });
        a = new Replica(store);
        b = new Replica(store);
    }

    @AfterEach
    void stop() {
        release.countDown();
        a.close();
        b.close();
        server.close();
    }

    CrawlJobRequested run(String id) {
        return new CrawlJobRequested(CrawlJobRequested.SCHEMA_VERSION, id, "safebooru", server.base().toString(),
                List.of("fox"), null, 100, 200.0, Instant.now(), null);
    }

    @Test
    void aRevokedJobStopsWhereItIsAndItsNextOwnerResumesItWithoutRepeatingWork() {
        a.assign();
        Delivery record = new Delivery(7, run("job-move"));
        a.deliver(record);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.count("/images/1/img102.png") > 0);
        assertThat(a.harness.service.runningHere()).containsExactly("job-move");

        a.revoke(); // a replica joins or this one leaves: the partition moves, its job stops here first

        assertThat(a.harness.service.runningHere()).isEmpty();
        assertThat(a.ownership.work().ids()).isEmpty();
        CrawlJobStatus stopped = a.harness.saved("job-move");
        assertThat(stopped.state()).isEqualTo(JobState.RUNNING);
        assertThat(stopped.cursor()).isEqualTo(new CrawlCursor(0, 2));
        assertThat(stopped.counts().stored()).isEqualTo(2);
        assertThat(stopped.attempts()).as("a clean stop gives its start back").isZero();
        assertThat(record.acks).as("left uncommitted for the next owner").hasValue(0);
        release.countDown();

        b.assign();
        b.deliver(record); // the uncommitted record, read again by the partition's next owner
        CrawlJobStatus done = b.harness.awaitEnd("job-move");
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAtomic(record.acks, org.hamcrest.Matchers.equalTo(1));

        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.counts().stored()).isEqualTo(6);
        assertThat(done.counts().duplicates()).isZero();
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(a.harness.events).extracting(RawImageStored::sha256).hasSize(2);
        assertThat(b.harness.events).extracting(RawImageStored::sha256).hasSize(4)
                .doesNotContainAnyElementsOf(a.harness.events.stream().map(RawImageStored::sha256).toList());
        for (int id = 100; id < 106; id++) {
            assertThat(server.count("/images/1/img" + id + ".png")).as("downloads of img%d", id)
                    .isEqualTo(id == 102 ? 2 : 1); // 102 was cut off in flight by the stop
        }
        assertThat(store.list("raw/index/sha256/")).hasSize(6);
        assertThat(b.ownership.work().ids()).isEmpty();
    }

    @Test
    void aCancelRecordReachesTheOwnerAndEndsBothRecords() {
        a.assign();
        Delivery record = new Delivery(3, run("job-cancel"));
        a.deliver(record);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.count("/images/1/img102.png") > 0);

        Delivery cancel = new Delivery(4, CrawlJobRequested.cancel("job-cancel", Instant.now()));
        a.deliver(cancel);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAtomic(record.acks, org.hamcrest.Matchers.equalTo(1));
        assertThat(cancel.acks).hasValue(1);
        assertThat(a.harness.saved("job-cancel").state()).isEqualTo(JobState.CANCELLED);
        assertThat(server.count("/images/1/img103.png")).isZero();
        assertThat(a.ownership.work().ids()).isEmpty();
    }

    @Test
    void aCancelForAJobNotRunningHereMarksItCancelledSoNoLaterDeliveryStartsIt() {
        b.assign();
        CrawlSpec spec = b.harness.service.prepare("job-queued", "safebooru", server.base().toString(), List.of("fox"),
                null, 100, 200.0, null, null);
        Instant now = Instant.now();
        b.harness.statuses.save(new CrawlJobStatus(CrawlJobStatus.SCHEMA_VERSION, spec.jobId(), JobState.QUEUED,
                spec.source(), spec.baseUrl(), spec.tags(), spec.rating(), spec.maxImages(), spec.requestsPerSecond(),
                spec.size(), CrawlCounts.ZERO, 0, CrawlCursor.START, null, 0, now, null, now, null));

        Delivery cancel = new Delivery(9, CrawlJobRequested.cancel("job-queued", now));
        b.deliver(cancel);
        assertThat(cancel.acks).hasValue(1);
        assertThat(b.harness.saved("job-queued").state()).isEqualTo(JobState.CANCELLED);

        Delivery again = new Delivery(8, run("job-queued")); // its run record, read again after a rebalance
        b.deliver(again);
        assertThat(again.acks).as("a record for an ended job is acknowledged without work").hasValue(1);
        assertThat(b.harness.service.runningHere()).isEmpty();
        assertThat(server.hits()).isEmpty();
    }

    @Test
    void aRecordOnAPartitionNoLongerOwnedIsLeftAndPoisonIsDeadLettered() {
        a.assign();
        a.revoke();
        Delivery record = new Delivery(1, run("job-late"));
        a.deliver(record);
        assertThat(record.acks).hasValue(0);
        assertThat(record.nack).hasValue(null);
        assertThat(a.harness.service.runningHere()).isEmpty();
        assertThat(server.hits()).isEmpty();

        b.assign();
        Delivery poison = new Delivery(2, "job-x", EventJson.write(new CrawlJobRequested(1, "job-x", "flickr",
                server.base().toString(), List.of(), null, 1, 1.0, Instant.now(), null)));
        b.deliver(poison);
        assertThat(poison.nack.get()).hasMessageContaining("unknown source 'flickr'");
        assertThat(b.harness.statuses.load("job-x")).isEmpty();
    }
}
