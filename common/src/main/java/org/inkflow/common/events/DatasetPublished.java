package org.inkflow.common.events;

import java.time.Instant;
import java.util.Map;
import org.inkflow.common.keys.Keys;

/**
 * An immutable dataset snapshot at {@code datasets/<name>/<version>/manifest.json} ({@link Topics#DATASETS},
 * compacted, key {@code name}): the latest version of each dataset.
 */
public record DatasetPublished(
        Integer schemaVersion,
        String name,
        String version,
        String manifestKey,
        Map<String, Integer> splitCounts,
        Integer imageSize,
        Instant createdAt) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public DatasetPublished {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, DatasetPublished.class);
        Event.require(name, "name", DatasetPublished.class);
        Event.require(version, "version", DatasetPublished.class);
        Event.require(manifestKey, "manifestKey", DatasetPublished.class);
        EventFields.name(name, "name", DatasetPublished.class);
        EventFields.name(version, "version", DatasetPublished.class);
        EventFields.keyUnder(manifestKey, Keys.datasetDir(name, version), "manifestKey", DatasetPublished.class);
        splitCounts = splitCounts == null ? Map.of() : Map.copyOf(splitCounts);
    }

    @Override
    public String key() {
        return name;
    }
}
