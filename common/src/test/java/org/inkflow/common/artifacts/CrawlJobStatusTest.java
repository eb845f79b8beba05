package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrawlJobStatusTest {

    /** status.json as the crawler wrote it before this record (compact, nulls left out), plus an unknown field. */
    private static final String STORED = """
            {"schemaVersion":1,"id":"job-7","state":"RUNNING","source":"safebooru","baseUrl":"https://safebooru.org",
             "tags":["cat","solo"],"maxImages":40,"requestsPerSecond":1.5,"size":64,
             "counts":{"listed":12,"fetched":9,"stored":7,"duplicates":1,"skipped":{"rating":2,"http-404":1},
                       "failed":1,"failures":{"timeout":1}},
             "progress":0.2,"cursor":{"page":2,"offset":3},"createdAt":"2026-01-02T03:04:05Z",
             "startedAt":"2026-01-02T03:04:06Z","updatedAt":"2026-01-02T03:09:00Z","owner":"replica-0"}
            """;

    private static CrawlJobStatus read(String json) {
        return CrawlJobStatus.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsWhatTheCrawlerStoredAndIgnoresUnknownFields() {
        CrawlJobStatus s = read(STORED);
        assertThat(s.schemaVersion()).isEqualTo(1);
        assertThat(s.state()).isEqualTo("RUNNING");
        assertThat(s.tags()).containsExactly("cat", "solo");
        assertThat(s.rating()).isNull();
        assertThat(s.requestsPerSecond()).isEqualTo(1.5);
        assertThat(s.counts().skipped()).containsExactly(Map.entry("http-404", 1L), Map.entry("rating", 2L));
        assertThat(s.counts().failures()).containsExactly(Map.entry("timeout", 1L));
        assertThat(s.cursor()).isEqualTo(new CrawlJobStatus.Cursor(2, 3));
        assertThat(s.finishedAt()).isNull();
        assertThat(s.attempts()).as("documents from before the attempt cap count no starts").isZero();
        assertThat(read(STORED.replace("\"progress\":0.2,", "\"progress\":0.2,\"attempts\":2,")).attempts()).isEqualTo(2);
        assertThat(read(STORED.replace("\"schemaVersion\":1,", "")).schemaVersion()).isEqualTo(1);
    }

    @Test
    void roundTripsThroughJson() {
        CrawlJobStatus s = new CrawlJobStatus(CrawlJobStatus.SCHEMA_VERSION, "job-9", "FAILED", "openmoji",
                "file:/data/openmoji-17.0.0.tgz", List.of("animals-nature"), "g", 300, 2.0, 96,
                new CrawlJobStatus.Counts(30, 28, 25, 2, Map.of("missing-line-art", 1L), 2,
                        Map.of("rasterize", 1L, "storage", 1L)),
                0.9, new CrawlJobStatus.Cursor(5, 17), "five storage failures in a row", 3,
                Instant.parse("2026-03-04T05:06:07Z"), Instant.parse("2026-03-04T05:06:08Z"),
                Instant.parse("2026-03-04T05:16:00.250Z"), Instant.parse("2026-03-04T05:16:00.250Z"));
        assertThat(CrawlJobStatus.read(s.toJson())).isEqualTo(s);
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"id\":\"job-7\",", "")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'id' in CrawlJobStatus");
        assertThatThrownBy(() -> read(STORED.replace("\"state\":\"RUNNING\",", "")))
                .hasMessage("missing required field 'state' in CrawlJobStatus");
        assertThatThrownBy(() -> read(STORED.replace("\"baseUrl\":\"https://safebooru.org\",", "")))
                .hasMessage("missing required field 'baseUrl' in CrawlJobStatus");
        assertThatThrownBy(() -> read(STORED.replace("\"maxImages\":40,", "")))
                .hasMessage("missing required field 'maxImages' in CrawlJobStatus");
        assertThatThrownBy(() -> read(STORED.replace("\"createdAt\":\"2026-01-02T03:04:05Z\",", "")))
                .hasMessage("missing required field 'createdAt' in CrawlJobStatus");
        assertThatThrownBy(() -> read(STORED.replace("\"schemaVersion\":1", "\"schemaVersion\":2")))
                .hasMessageContaining("unsupported schemaVersion 2");
    }
}
