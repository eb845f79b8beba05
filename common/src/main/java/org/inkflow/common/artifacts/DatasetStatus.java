package org.inkflow.common.artifacts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code datasets/<name>/<version>/status.json}, the one rewritten object of a dataset version and the cleaner's
 * answer to {@code GET /datasets/{name}/versions/{version}}: the build's state, the request it builds, counts once
 * planned, the error when it failed, and how many times its build has started ({@code attempts}; absent in older
 * documents, read as 0), which the cleaner caps with {@link AttemptCap}. Written and read by the cleaner.
 */
public record DatasetStatus(
        Integer schemaVersion,
        String name,
        String version,
        State state,
        Request request,
        String fingerprint,
        Map<String, Integer> counts,
        Map<String, Integer> tagCounts,
        String manifestKey,
        String statsKey,
        String previewKey,
        String error,
        Instant createdAt,
        Instant updatedAt,
        int attempts) {

    public static final int SCHEMA_VERSION = 1;

    /** BUILDING until the manifest is written; then PUBLISHED, or FAILED with {@code error}. */
    public enum State { BUILDING, PUBLISHED, FAILED }

    /**
     * The dataset request a version builds: which samples, at what size and line art, balanced and split how
     * ({@code maxPerTag}/{@code minPerTag} null: no limit).
     */
    public record Request(
            String name,
            Integer imageSize,
            String normalize,
            String lineArt,
            Boolean requirePaired,
            Integer maxPerTag,
            Integer minPerTag,
            List<String> includeTags,
            List<String> excludeTags,
            Double train,
            Double validation,
            Double test,
            Long seed) {

        public Request {
            ArtifactJson.require(name, "request.name", DatasetStatus.class);
            ArtifactJson.require(imageSize, "request.imageSize", DatasetStatus.class);
            ArtifactJson.require(normalize, "request.normalize", DatasetStatus.class);
            ArtifactJson.require(lineArt, "request.lineArt", DatasetStatus.class);
            ArtifactJson.require(train, "request.train", DatasetStatus.class);
            ArtifactJson.require(validation, "request.validation", DatasetStatus.class);
            ArtifactJson.require(test, "request.test", DatasetStatus.class);
            ArtifactJson.require(seed, "request.seed", DatasetStatus.class);
            requirePaired = Boolean.TRUE.equals(requirePaired);
            includeTags = includeTags == null ? List.of() : List.copyOf(includeTags);
            excludeTags = excludeTags == null ? List.of() : List.copyOf(excludeTags);
        }
    }

    public DatasetStatus {
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, DatasetStatus.class);
        ArtifactJson.require(name, "name", DatasetStatus.class);
        ArtifactJson.require(version, "version", DatasetStatus.class);
        ArtifactJson.require(state, "state", DatasetStatus.class);
        ArtifactJson.require(request, "request", DatasetStatus.class);
        ArtifactJson.require(createdAt, "createdAt", DatasetStatus.class);
        ArtifactJson.require(updatedAt, "updatedAt", DatasetStatus.class);
        // Kept as given (not copied into an unordered map): the writer's split order is train, validation, test.
        counts = counts == null ? Map.of() : counts;
        tagCounts = tagCounts == null ? Map.of() : tagCounts;
    }

    /** The same version in another state, e.g. PUBLISHED, or FAILED with {@code newError}. */
    public DatasetStatus with(State newState, String newError, Instant at) {
        return new DatasetStatus(schemaVersion, name, version, newState, request, fingerprint, counts, tagCounts,
                manifestKey, statsKey, previewKey, newError, createdAt, at, attempts);
    }

    /** The same version with its build's starts counted as {@code newAttempts}. */
    public DatasetStatus withAttempts(int newAttempts, Instant at) {
        return new DatasetStatus(schemaVersion, name, version, state, request, fingerprint, counts, tagCounts,
                manifestKey, statsKey, previewKey, error, createdAt, at, newAttempts);
    }

    public byte[] toJson() {
        return ArtifactJson.write(this);
    }

    public static DatasetStatus read(byte[] json) {
        return ArtifactJson.read(json, DatasetStatus.class);
    }
}
