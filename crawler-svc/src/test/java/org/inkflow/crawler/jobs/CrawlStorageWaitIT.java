package org.inkflow.crawler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.inkflow.common.health.TransientFailuresReadinessCheck;
import org.inkflow.common.messaging.RetryPolicy;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.crawler.fakes.BooruFixtures;
import org.inkflow.crawler.fakes.FakeBooruServer;
import org.inkflow.crawler.fakes.TestImages;
import org.inkflow.localstack.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawl job whose S3 goes down (the real S3Proxy process killed: connections refused) waits in place, and while it
 * waits the crawler reports it as the Kafka consumers report their waiting records: the {@code transient-failures}
 * readiness check is DOWN naming the job, the post and the last failure, and the waiting gauge counts it. Once S3 is
 * started again the job completes, the check is UP and the gauge 0.
 */
@Timeout(120)
class CrawlStorageWaitIT {

    /** Retries for a real outage: up to 1 s apart, for up to a minute. */
    static final RetryPolicy OUTAGE_RETRY = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(60), 0.5);
    static final String GAUGE = "inkflow.crawler.records_waiting.records";

    @TempDir
    Path dir;

    @Test
    void aJobWaitingOnStorageIsReportedOnReadinessAndTheGaugeUntilStorageIsBack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (S3ProxyServer s3 = S3ProxyServer.start(0, S3ProxyServer.Storage.FILESYSTEM, dir.resolve("s3"));
             FakeBooruServer server = FakeBooruServer.start()) {
            ObjectStore store = ObjectStore.connect(s3.endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
                    "inkflow-wait-it", "us-east-1");
            store.ensureBucket();
            server.safebooru(BooruFixtures.safebooru(server, 800, 6, "ibex"));
            // The third image is served only once S3 is down, so its store is the step that waits.
            server.file("/images/1/img802.png", (ex, hit) -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                FakeBooruServer.send(ex, 200, "image/png", TestImages.png(802, 40, 24));
            });
            try (CrawlHarness harness = new CrawlHarness(store, 4, null, OUTAGE_RETRY)) {
                TransientFailuresReadinessCheck readiness = new TransientFailuresReadinessCheck(harness.waiting);
                String id = harness.service.submit(harness.service.prepare(null, "safebooru", server.base().toString(),
                        List.of("ibex"), null, 100, 200.0, 32, null)).id();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.count("/images/1/img802.png") > 0);
                assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

                s3.kill();
                release.countDown();
                String waitingKey = "crawl-job/" + id + " storing post 802";
                HealthCheckResponse down = Awaitility.await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50)).until(readiness::call,
                                r -> r.getStatus() == HealthCheckResponse.Status.DOWN);
                assertThat(down.getName()).isEqualTo("transient-failures");
                assertThat(down.getData().orElseThrow()).containsEntry("waiting", 1L).containsKey(waitingKey);
                assertThat(String.valueOf(down.getData().orElseThrow().get(waitingKey)))
                        .as("what it waits for").contains("attempt(s)").contains("s3://inkflow-wait-it/");
                assertThat(harness.registry.get(GAUGE).gauge().value()).isEqualTo(1.0);
                assertThat(harness.service.get(id).orElseThrow().state()).as("the job waits, it does not fail")
                        .isEqualTo(JobState.RUNNING);

                s3.restart();
                CrawlJobStatus done = harness.awaitEnd(id);
                assertThat(done.state()).isEqualTo(JobState.COMPLETED);
                assertThat(done.counts().stored()).isEqualTo(6);
                assertThat(done.counts().failed()).isZero();
                assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
                assertThat(harness.registry.get(GAUGE).gauge().value()).isZero();
            } finally {
                release.countDown();
            }
        }
    }
}
