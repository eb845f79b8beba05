package org.inkflow.common.events;

import java.time.Instant;
import java.util.List;

/**
 * A request to build a version of a dataset ({@link Topics#DATASETS_BUILDS}, key {@code name}): the cleaner replica
 * owning the name's partition builds it, one build per name at a time (ADR 0034). The fields are the validated
 * request (as a version's status.json records it); {@code fingerprint} is the snapshot the requester planned, for
 * the logs: the owner plans again from the samples S3 lists when it builds. {@code after}, set by the automatic
 * dataset's trigger only, is the latest version of the name that trigger knew ({@code ""} for none): every replica's
 * trigger that decides the same build names the same version there, so the owner builds the first such record and
 * acknowledges the rest (a later version exists). Null for requests made over REST.
 */
public record DatasetBuildRequested(
        Integer schemaVersion,
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
        Long seed,
        String fingerprint,
        Instant requestedAt,
        String after) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public DatasetBuildRequested {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, DatasetBuildRequested.class);
        Event.require(name, "name", DatasetBuildRequested.class);
        Event.require(imageSize, "imageSize", DatasetBuildRequested.class);
        Event.require(normalize, "normalize", DatasetBuildRequested.class);
        Event.require(lineArt, "lineArt", DatasetBuildRequested.class);
        Event.require(train, "train", DatasetBuildRequested.class);
        Event.require(validation, "validation", DatasetBuildRequested.class);
        Event.require(test, "test", DatasetBuildRequested.class);
        Event.require(seed, "seed", DatasetBuildRequested.class);
        EventFields.name(name, "name", DatasetBuildRequested.class);
        includeTags = includeTags == null ? List.of() : List.copyOf(includeTags);
        excludeTags = excludeTags == null ? List.of() : List.copyOf(excludeTags);
    }

    @Override
    public String key() {
        return name;
    }
}
