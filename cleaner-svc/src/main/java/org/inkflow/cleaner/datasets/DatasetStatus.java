package org.inkflow.cleaner.datasets;

import java.time.Instant;
import java.util.Map;

/**
 * {@code datasets/<name>/<version>/status.json} and the answer of {@code GET /datasets/{name}/versions/{version}}:
 * the build's state, counts once known, and the error when it failed.
 */
public record DatasetStatus(
        String name,
        String version,
        State state,
        DatasetSpec request,
        String fingerprint,
        Map<String, Integer> counts,
        Map<String, Integer> tagCounts,
        String manifestKey,
        String statsKey,
        String previewKey,
        String error,
        Instant createdAt,
        Instant updatedAt) {

    /** BUILDING until the manifest is written; then PUBLISHED, or FAILED with {@code error}. */
    public enum State { BUILDING, PUBLISHED, FAILED }

    public DatasetStatus with(State newState, String newError, Instant at) {
        return new DatasetStatus(name, version, newState, request, fingerprint, counts, tagCounts, manifestKey, statsKey,
                previewKey, newError, createdAt, at);
    }
}
