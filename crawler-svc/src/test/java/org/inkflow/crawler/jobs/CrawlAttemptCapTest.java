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
 * Issue 18's attempt cap on crawl jobs: a job left RUNNING by a process that died is resumed until it has started
 * three times; then it ends FAILED without crawling, and the count of starts is saved before each start's work.
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

        assertThat(harness.service.resumeSaved()).isEqualTo(2);

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

    private CrawlJobStatus leftRunning(String id, int attempts) {
        CrawlSpec spec = harness.service.prepare(id, "safebooru", server.base().toString(), List.of("cat"), null, 100,
                200.0, 32, null);
        Instant now = Instant.now();
        return new CrawlJobStatus(CrawlJobStatus.SCHEMA_VERSION, spec.jobId(), JobState.RUNNING, spec.source(),
                spec.baseUrl(), spec.tags(), spec.rating(), spec.maxImages(), spec.requestsPerSecond(), spec.size(),
                CrawlCounts.ZERO, 0, CrawlCursor.START, null, attempts, now, now, now, null);
    }

    private CrawlJobStatus saved(String id) {
        return harness.statuses.loadAll().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
