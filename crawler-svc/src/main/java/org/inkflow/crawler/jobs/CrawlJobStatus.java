package org.inkflow.crawler.jobs;

import java.time.Instant;
import java.util.List;
import org.inkflow.crawler.crawl.CrawlSpec;

/**
 * A crawl job as REST shows it: the request, the state, the counts, the resume cursor, {@code progress} (yielded
 * images over {@code maxImages}; 1 once completed) and {@code attempts}, how many times the job has started. Stored as common's
 * {@link org.inkflow.common.artifacts.CrawlJobStatus}, mapped by {@link JobStatusStore}.
 */
public record CrawlJobStatus(
        int schemaVersion,
        String id,
        JobState state,
        String source,
        String baseUrl,
        List<String> tags,
        String rating,
        int maxImages,
        double requestsPerSecond,
        int size,
        CrawlCounts counts,
        double progress,
        CrawlCursor cursor,
        String error,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt) {

    public static final int SCHEMA_VERSION = 1;

    public CrawlSpec spec() {
        return new CrawlSpec(id, source, baseUrl, tags, rating, maxImages, requestsPerSecond, size, createdAt);
    }
}
