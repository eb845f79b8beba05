package org.inkflow.crawler.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.fakes.BooruFixtures;
import org.inkflow.crawler.fakes.FakeBooruServer;
import org.inkflow.crawler.fakes.InMemoryObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18's attempt cap on crawl jobs: a job left RUNNING by a process that died is resumed (when its record
 * reaches its next owner) until it has started three times; then it ends FAILED without crawling, and the count of
 * starts is saved before each start's work. A run stopped cleanly gives its start back.
 */
@Timeout(60)
class CrawlAttemptCapTest {

    FakeBooruServer server;
    CrawlHarness harness;

    @BeforeEach
    void start() {
        server = FakeBooruServer.start();
        harness = new CrawlHarness(new InMemoryObjectStore(), 4);
        server.safebooru(BooruFixtures.safebooru(server, 100, 4, "cat"));
    }

    @AfterEach
    void stop() {
        harness.close();
        server.close();
    }

    @Test
    void aJobThatStartedTheCapTimesEndsFailedAndTheOthersStillResume() {
        harness.statuses.save(leftRunning("job-poison", 3));
        harness.statuses.save(leftRunning("job-again", 1));

        assertThat(harness.service.start("job-poison", () -> { throw new AssertionError("resumed from S3"); })).isPresent();
        assertThat(harness.service.start("job-again", () -> { throw new AssertionError("resumed from S3"); })).isPresent();

        CrawlJobStatus poison = harness.awaitEnd("job-poison");
        assertThat(poison.state()).isEqualTo(JobState.FAILED);
        assertThat(poison.error()).isEqualTo("started 3 times without finishing; the process died each time");
        assertThat(poison.attempts()).as("not started a fourth time").isEqualTo(3);
        assertThat(poison.counts().listed()).as("nothing crawled").isZero();
        assertThat(saved("job-poison").state()).isEqualTo(JobState.FAILED);

        CrawlJobStatus again = harness.awaitEnd("job-again");
        assertThat(again.state()).isEqualTo(JobState.COMPLETED);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.counts().stored()).isEqualTo(4);
        assertThat(saved("job-again").attempts()).isEqualTo(2);
    }

    @Test
    void aNewJobCountsItsFirstStartAndOlderDocumentsCountNone() {
        CrawlJobStatus done = harness.run("safebooru", server.base().toString(), List.of("cat"), null, 100);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(saved(done.id()).attempts()).isEqualTo(1);

        // A status written before the cap (no attempts field) resumes as a job that never started.
        String old = new String(harness.store.get(JobStatusStore.key(done.id())), java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll("\"attempts\"\\s*:\\s*1\\s*,", "");
        assertThat(org.inkflow.common.artifacts.CrawlJobStatus.read(old.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .attempts()).isZero();
    }

    @Test
    void aCleanStopGivesItsStartBackAndAKillDoesNot() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        server.file("/images/1/img101.png", (ex, hit) -> {
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeBooruServer.send(ex, 200, "image/png", org.inkflow.crawler.fakes.TestImages.png(101, 40, 24));
        });
        try {
            harness.statuses.save(leftRunning("job-stopped", 2)); // two starts that died
            JobRun run = harness.service.start("job-stopped", () -> { throw new AssertionError(); }).orElseThrow();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> server.count("/images/1/img101.png") > 0);
            assertThat(saved("job-stopped").attempts()).as("the third start is counted before its work").isEqualTo(3);

            run.stop(java.time.Duration.ofSeconds(5));

            assertThat(run.done().toCompletableFuture().getNow(null)).isEqualTo(JobRun.End.STOPPED);
            CrawlJobStatus stopped = saved("job-stopped");
            assertThat(stopped.state()).isEqualTo(JobState.RUNNING);
            assertThat(stopped.attempts()).as("given back").isEqualTo(2);
            assertThat(stopped.cursor()).isEqualTo(new CrawlCursor(0, 1));
        } finally {
            release.countDown();
        }
        CrawlJobStatus done = harness.awaitEnd(harness.service.start("job-stopped", () -> { throw new AssertionError(); })
                .orElseThrow().jobId());
        assertThat(done.state()).as("not failed by the cap: the stop was clean").isEqualTo(JobState.COMPLETED);
        assertThat(done.attempts()).isEqualTo(3);
    }

    private CrawlJobStatus leftRunning(String id, int attempts) {
        CrawlSpec spec = harness.service.prepare(id, "safebooru", server.base().toString(), List.of("cat"), null, 100,
                200.0, 32, null);
        Instant now = Instant.now();
        return new CrawlJobStatus(CrawlJobStatus.SCHEMA_VERSION, spec.jobId(), JobState.RUNNING, spec.source(),
                spec.baseUrl(), spec.tags(), spec.rating(), spec.maxImages(), spec.requestsPerSecond(), spec.size(),
                CrawlCounts.ZERO, 0, CrawlCursor.START, null, attempts, now, now, now, null);
    }

    private CrawlJobStatus saved(String id) {
        return harness.saved(id);
    }
}
