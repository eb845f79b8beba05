package org.inkflow.common.events;

import java.time.Instant;
import java.util.List;

/**
 * A crawl job to run ({@link Topics#CRAWL_JOBS}, key {@code jobId}): a source, its base URL, tags and limits.
 * {@code size} is the edge in pixels for sources that render their images (OpenMoji); null means the default.
 */
public record CrawlJobRequested(
        Integer schemaVersion,
        String jobId,
        String source,
        String baseUrl,
        List<String> tags,
        String rating,
        Integer maxImages,
        Double requestsPerSecond,
        Instant requestedAt,
        Integer size) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public CrawlJobRequested {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, CrawlJobRequested.class);
        Event.require(jobId, "jobId", CrawlJobRequested.class);
        Event.require(source, "source", CrawlJobRequested.class);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The shape before {@code size} was added; {@code size} stays null (the source's default). */
    public CrawlJobRequested(Integer schemaVersion, String jobId, String source, String baseUrl, List<String> tags,
                             String rating, Integer maxImages, Double requestsPerSecond, Instant requestedAt) {
        this(schemaVersion, jobId, source, baseUrl, tags, rating, maxImages, requestsPerSecond, requestedAt, null);
    }

    @Override
    public String key() {
        return jobId;
    }
}
