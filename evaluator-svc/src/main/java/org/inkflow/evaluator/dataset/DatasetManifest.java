package org.inkflow.evaluator.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inkflow.common.events.EventJson;

/**
 * A dataset snapshot as the cleaner writes it to {@code datasets/<name>/<version>/manifest.json}. Read tolerantly:
 * unknown fields are ignored, a sample may give only its {@code sha256} (keys then follow the
 * {@code samples/<sha256>/} layout), and tags may be missing.
 */
public record DatasetManifest(String name, String version, int imageSize, Map<String, List<DatasetSample>> splits) {

    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";

    public DatasetManifest {
        splits = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(splits));
    }

    /** {@code datasets/<name>/<version>/manifest.json}. */
    public static String key(String name, String version) {
        return "datasets/" + name + "/" + version + "/manifest.json";
    }

    /** The samples of {@code split}, in the manifest's order; empty when the split is absent. */
    public List<DatasetSample> split(String split) {
        return splits.getOrDefault(split, List.of());
    }

    /** Parses manifest JSON; {@code expectedName}/{@code expectedVersion} fill in what the file leaves out. */
    public static DatasetManifest parse(byte[] json, String expectedName, String expectedVersion) {
        JsonNode root;
        try {
            root = EventJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("manifest of dataset " + expectedName + "/" + expectedVersion
                    + " is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("manifest of dataset " + expectedName + "/" + expectedVersion
                    + " is not a JSON object");
        }
        String name = text(root, "name", expectedName);
        String version = text(root, "version", expectedVersion);
        int imageSize = root.path("imageSize").asInt(0);
        JsonNode splitsNode = root.path("splits");
        if (!splitsNode.isObject()) {
            throw new IllegalArgumentException("manifest of dataset " + name + "/" + version
                    + " has no 'splits' object; expected {\"splits\":{\"train\":[...],\"validation\":[...],\"test\":[...]}}");
        }
        Map<String, List<DatasetSample>> splits = new LinkedHashMap<>();
        splitsNode.fields().forEachRemaining(e -> splits.put(e.getKey(), samples(e.getValue(), name, e.getKey())));
        return new DatasetManifest(name, version, imageSize, splits);
    }

    private static List<DatasetSample> samples(JsonNode array, String dataset, String split) {
        List<DatasetSample> out = new ArrayList<>();
        if (!array.isArray()) {
            throw new IllegalArgumentException("split '" + split + "' of dataset " + dataset + " is not an array");
        }
        for (JsonNode node : array) {
            String sha = node.isTextual() ? node.asText() : text(node, "sha256", null);
            if (sha == null) {
                throw new IllegalArgumentException("a sample in split '" + split + "' of dataset " + dataset
                        + " has no sha256");
            }
            String input = text(node, "inputKey", "samples/" + sha + "/input.png");
            String target = text(node, "targetKey", "samples/" + sha + "/target.png");
            List<String> tags = new ArrayList<>();
            node.path("tags").forEach(t -> tags.add(t.asText()));
            out.add(new DatasetSample(sha, input, target, tags, text(node, "groupKey", null)));
        }
        return out;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? fallback : v.asText();
    }
}
