package org.inkflow.common.artifacts;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A crawl job as {@code crawl-jobs/<id>/status.json} keeps it, overwritten as the job goes: the request, the state
 * ({@code QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED}), the counts, the cursor it resumes from and how many times
 * it has started ({@code attempts}; absent in older documents, read as 0). Written and read by the crawler only; the
 * request fields are required because a restarted crawler resumes the job from them.
 */
public record CrawlJobStatus(
        Integer schemaVersion,
        String id,
        String state,
        String source,
        String baseUrl,
        List<String> tags,
        String rating,
        Integer maxImages,
        Double requestsPerSecond,
        Integer size,
        Counts counts,
        Double progress,
        Cursor cursor,
        String error,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt) {

    public static final int SCHEMA_VERSION = 1;

    /** What the job has done so far; {@code skipped} and {@code failures} count items by reason. */
    public record Counts(long listed, long fetched, long stored, long duplicates, Map<String, Long> skipped,
                         long failed, Map<String, Long> failures) {

        public Counts {
            skipped = skipped == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(skipped));
            failures = failures == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(failures));
        }
    }

    /** Where the job resumes: the source's page and how many of that page's items are done. */
    public record Cursor(int page, int offset) {
    }

    public CrawlJobStatus {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, CrawlJobStatus.class);
        ArtifactJson.require(id, "id", CrawlJobStatus.class);
        ArtifactJson.require(state, "state", CrawlJobStatus.class);
        ArtifactJson.require(source, "source", CrawlJobStatus.class);
        ArtifactJson.require(baseUrl, "baseUrl", CrawlJobStatus.class);
        ArtifactJson.require(maxImages, "maxImages", CrawlJobStatus.class);
        ArtifactJson.require(requestsPerSecond, "requestsPerSecond", CrawlJobStatus.class);
        ArtifactJson.require(size, "size", CrawlJobStatus.class);
        ArtifactJson.require(createdAt, "createdAt", CrawlJobStatus.class);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static CrawlJobStatus read(byte[] json) {
        return ArtifactJson.read(json, CrawlJobStatus.class);
    }
}
