package org.inkflow.common.events;

import java.time.Instant;
import java.util.List;

/**
 * A crawl job's record on {@link Topics#CRAWL_JOBS}, key {@code jobId}: {@code action} {@value #RUN} (the default,
 * and what records written before the field had) asks for the job to run, with its source, base URL, tags and
 * limits; {@value #CANCEL} asks for it to be cancelled and needs only the id. Both share the key, so a cancel lands
 * on the partition, and so at the replica, that owns the job. {@code size} is the edge in pixels for sources that
 * render their images (OpenMoji); null means the default.
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
        Integer size,
        String action) implements Event {

    public static final int SCHEMA_VERSION = 1;
    public static final String RUN = "run";
    public static final String CANCEL = "cancel";

    public CrawlJobRequested {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, CrawlJobRequested.class);
        Event.require(jobId, "jobId", CrawlJobRequested.class);
        EventFields.name(jobId, "jobId", CrawlJobRequested.class);
        action = action == null ? RUN : action;
        if (!RUN.equals(action) && !CANCEL.equals(action)) {
            throw new InvalidEventException("unknown action '" + action + "' in CrawlJobRequested " + jobId
                    + "; use '" + RUN + "' or '" + CANCEL + "'");
        }
        if (RUN.equals(action)) {
            Event.require(source, "source", CrawlJobRequested.class);
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A job to run (the shape before {@code action} was added). */
    public CrawlJobRequested(Integer schemaVersion, String jobId, String source, String baseUrl, List<String> tags,
                             String rating, Integer maxImages, Double requestsPerSecond, Instant requestedAt,
                             Integer size) {
        this(schemaVersion, jobId, source, baseUrl, tags, rating, maxImages, requestsPerSecond, requestedAt, size, RUN);
    }

    /** The shape before {@code size} was added; {@code size} stays null (the source's default). */
    public CrawlJobRequested(Integer schemaVersion, String jobId, String source, String baseUrl, List<String> tags,
                             String rating, Integer maxImages, Double requestsPerSecond, Instant requestedAt) {
        this(schemaVersion, jobId, source, baseUrl, tags, rating, maxImages, requestsPerSecond, requestedAt, null);
    }

    /** The record that cancels job {@code jobId} wherever it runs. */
    public static CrawlJobRequested cancel(String jobId, Instant requestedAt) {
        return new CrawlJobRequested(SCHEMA_VERSION, jobId, null, null, null, null, null, null, requestedAt, null,
                CANCEL);
    }

    public boolean isCancel() {
        return CANCEL.equals(action);
    }

    @Override
    public String key() {
        return jobId;
    }
}
