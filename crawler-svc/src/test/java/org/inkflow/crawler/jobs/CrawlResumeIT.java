package org.inkflow.crawler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.crawler.fakes.BooruFixtures;
import org.inkflow.crawler.fakes.FakeBooruServer;
import org.inkflow.crawler.fakes.LoopbackOnlyConnector;
import org.inkflow.crawler.fakes.TestImages;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A crawl stopped by shutting the service down resumes from its saved cursor in real S3 when its record reaches a
 * replica again (the same one restarted, or the partition's next owner): every image is stored and announced once,
 * none stored before the stop is downloaded again, and the clean stop gave its start back.
 */
@Timeout(120)
class CrawlResumeIT {

    static TestStack stack;
    static ObjectStore store;

    @BeforeAll
    static void startStack() {
        stack = TestStack.start();
        store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), "inkflow-resume-it", "us-east-1");
        store.ensureBucket();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aStoppedCrawlResumesAfterARestartWithoutDownloadingAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeBooruServer server = FakeBooruServer.start()) {
            server.safebooru(BooruFixtures.safebooru(server, 100, 12, "deer"));
            // the 7th image hangs until released: the service is stopped while it is in flight
            server.file("/images/1/img106.png", (ex, hit) -> {
                if (hit == 1) {
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                FakeBooruServer.send(ex, 200, "image/png", TestImages.png(106, 40, 24));
            });

            List<RawImageStored> events = new ArrayList<>();
            try (CrawlHarness before = new CrawlHarness(store, 4)) {
                before.service.submit(before.service.prepare("resume-1", "safebooru", server.base().toString(),
                        List.of("deer"), null, 100, 200.0, null, null));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.count("/images/1/img106.png") > 0);
                before.service.close(); // what Quarkus does at shutdown
                events.addAll(before.events);
            } finally {
                release.countDown();
            }
            JsonNode saved = EventJson.MAPPER.readTree(store.get(JobStatusStore.key("resume-1")));
            assertThat(saved.path("state").asText()).isEqualTo("RUNNING");
            assertThat(saved.path("cursor").path("page").asInt()).isEqualTo(1);
            assertThat(saved.path("cursor").path("offset").asInt()).isEqualTo(2);
            assertThat(saved.path("counts").path("stored").asInt()).isEqualTo(6);
            assertThat(saved.path("attempts").asInt()).as("a clean stop gives its start back").isZero();
            assertThat(events).hasSize(6);

            try (CrawlHarness after = new CrawlHarness(store, 4)) {
                assertThat(after.service.start("resume-1", () -> { throw new AssertionError("resumed from S3"); }))
                        .isPresent();
                CrawlJobStatus done = after.awaitEnd("resume-1");
                assertThat(done.attempts()).isEqualTo(1);
                assertThat(done.state()).isEqualTo(JobState.COMPLETED);
                assertThat(done.counts().stored()).isEqualTo(12);
                assertThat(done.counts().duplicates()).isZero();
                events.addAll(after.events);
            }
            assertThat(events).extracting(RawImageStored::sha256).hasSize(12).doesNotHaveDuplicates();
            for (int id = 100; id < 112; id++) {
                assertThat(server.count("/images/1/img" + id + ".png")).as("downloads of img%d", id)
                        .isEqualTo(id == 106 ? 2 : 1); // 106 was cut off in flight, so it is fetched again
            }
            assertThat(server.hits("/index.php")).extracting(FakeBooruServer.Hit::pathAndQuery)
                    .filteredOn(q -> q.contains("pid=0")).as("the first page is not listed again").hasSize(1);
            assertThat(store.list("raw/safebooru/deer/").stream().filter(o -> o.key().endsWith(".png")).count()).isEqualTo(12);
            assertThat(store.list("raw/index/sha256/")).hasSize(12);
        }
        assertThat(LoopbackOnlyConnector.violations()).isEmpty();
    }
}
