package org.inkflow.crawler.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.crawl.InvalidCrawlJobException;
import org.inkflow.crawler.fakes.InMemoryObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CrawlJobServiceTest {

    final CrawlHarness harness = new CrawlHarness(new InMemoryObjectStore(), 10);
    final CrawlJobService service = harness.service;

    @AfterEach
    void close() {
        harness.close();
    }

    void invalid(String field, String message, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidCrawlJobException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void appliesDefaults() {
        CrawlSpec spec = service.prepare(null, "safebooru", "http://127.0.0.1:1/", null, null, null, null, null, null);
        assertThat(spec.jobId()).hasSize(36);
        assertThat(spec.maxImages()).isEqualTo(100);
        assertThat(spec.requestsPerSecond()).isEqualTo(100.0);
        assertThat(spec.size()).isEqualTo(64);
        assertThat(spec.tags()).isEmpty();
        assertThat(service.prepare(null, "danbooru", "http://127.0.0.1:1", List.of(" cat "), "Safe", 5, 1.5, null, null))
                .satisfies(s -> {
                    assertThat(s.tags()).containsExactly("cat");
                    assertThat(s.rating()).isEqualTo("s");
                });
    }

    @Test
    void refusesBadRequestsNamingTheField() {
        invalid("source", "one of [safebooru, danbooru, openmoji]", () -> service.prepare(null, null, "x", null, null, null, null, null, null));
        invalid("source", "unknown source 'flickr'", () -> service.prepare(null, "flickr", "x", null, null, null, null, null, null));
        invalid("rating", "use one of g", () -> service.prepare(null, "safebooru", "http://127.0.0.1:1", null, "pg13", null, null, null, null));
        invalid("maxImages", "1 to 10000", () -> service.prepare(null, "safebooru", "http://127.0.0.1:1", null, null, 0, null, null, null));
        invalid("requestsPerSecond", "at most 500.0", () -> service.prepare(null, "safebooru", "http://127.0.0.1:1", null, null, null, 1000.0, null, null));
        invalid("requestsPerSecond", "more than 0", () -> service.prepare(null, "safebooru", "http://127.0.0.1:1", null, null, null, -1.0, null, null));
        invalid("tags", "at most 20", () -> service.prepare(null, "safebooru", "http://127.0.0.1:1", Collections.nCopies(21, "t"), null, null, null, null, null));
        invalid("tags", "non-blank", () -> service.prepare(null, "safebooru", "http://127.0.0.1:1", List.of(" "), null, null, null, null, null));
        invalid("jobId", "1 to 64", () -> service.prepare("../etc", "safebooru", "http://127.0.0.1:1", null, null, null, null, null, null));
        invalid("baseUrl", "absolute http(s) URL", () -> service.prepare(null, "safebooru", "file:/etc/passwd", null, null, null, null, null, null));
        invalid("baseUrl", "query", () -> service.prepare(null, "safebooru", "http://127.0.0.1:1/?x=1", null, null, null, null, null, null));
        invalid("baseUrl", "allowed-hosts", () -> service.prepare(null, "safebooru", "https://example.com", null, null, null, null, null, null));
        invalid("baseUrl", "allow-private-hosts", () -> service.prepare(null, "danbooru", "http://internal.test/", null, null, null, null, null, null));
    }

    @Test
    void theSameJobIdTwiceIsOneJobAndUnknownJobsAreEmpty(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String tgz = org.inkflow.crawler.fakes.OpenMojiTarball.standard().writeTo(dir.resolve("om.tgz")).toString();
        CrawlSpec spec = service.prepare("job-a", "openmoji", tgz, null, null, 2, null, 16, null);
        CrawlJobStatus first = service.submit(spec);
        CrawlJobStatus again = service.submit(service.prepare("job-a", "openmoji", tgz, null, null, 3, null, 16, null));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.maxImages()).isEqualTo(2);
        assertThat(service.list()).hasSize(1);
        assertThat(harness.awaitEnd("job-a").counts().stored()).isEqualTo(2);
        assertThat(service.get("nope")).isEmpty();
        assertThat(service.cancel("nope")).isEmpty();
        assertThat(service.cancel("job-a").orElseThrow().state()).as("an ended job stays as it ended").isEqualTo(JobState.COMPLETED);
    }
}
