package org.inkflow.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An exported SavedModel at {@code models/<modelName>/<version>/} ready to be evaluated
 * ({@link Topics#MODELS_CANDIDATES}, key {@code modelName}). An ensemble lists its {@code members}' versions.
 */
public record ModelCandidate(
        Integer schemaVersion,
        String modelName,
        String version,
        String runId,
        String location,
        String datasetName,
        String datasetVersion,
        Integer imageSize,
        Map<String, Double> metrics,
        List<String> members,
        Instant createdAt) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public ModelCandidate {
        Event.requireVersion(schemaVersion, SCHEMA_VERSION, ModelCandidate.class);
        Event.require(modelName, "modelName", ModelCandidate.class);
        Event.require(version, "version", ModelCandidate.class);
        Event.require(location, "location", ModelCandidate.class);
        Event.require(datasetName, "datasetName", ModelCandidate.class);
        Event.require(datasetVersion, "datasetVersion", ModelCandidate.class);
        EventFields.name(modelName, "modelName", ModelCandidate.class);
        EventFields.name(version, "version", ModelCandidate.class);
        EventFields.modelLocation(location, modelName, version, ModelCandidate.class);
        EventFields.name(datasetName, "datasetName", ModelCandidate.class);
        EventFields.name(datasetVersion, "datasetVersion", ModelCandidate.class);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        members = members == null ? List.of() : List.copyOf(members);
    }

    @Override
    public String key() {
        return modelName;
    }
}
