package org.inkflow.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.inkflow.common.events.EventJson;

/**
 * Reads a dataset manifest tolerantly, so the trainer keeps working while the cleaner's format grows. It reads
 * {@code {"name","version","imageSize","splits":{"train":[...],"validation":[...],"test":[...]},
 * "stats":{"input":{"mean","std"},"target":{"mean":[r,g,b]}},"credits"|"license"}}, where a sample is an object
 * {@code {"sha256","inputKey","targetKey","tags"}} or just a sha256 string; missing keys default to
 * {@code samples/<sha256>/input.png} and {@code target.png}. Split names {@code training}/{@code val}/{@code valid}
 * are accepted too, and a top-level {@code samples} list with a {@code split} field per sample.
 */
public final class ManifestReader {

    private ManifestReader() {
    }

    public static DatasetSnapshot read(byte[] json, String name, String version) {
        JsonNode root;
        try {
            root = EventJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("dataset manifest " + DatasetSnapshot.manifestKey(name, version)
                    + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("dataset manifest " + DatasetSnapshot.manifestKey(name, version)
                    + " must be a JSON object");
        }
        List<DatasetSnapshot.SampleRef> train = new ArrayList<>();
        List<DatasetSnapshot.SampleRef> validation = new ArrayList<>();
        List<DatasetSnapshot.SampleRef> test = new ArrayList<>();
        JsonNode splits = root.path("splits");
        if (splits.isObject()) {
            splits.fields().forEachRemaining(e -> {
                List<DatasetSnapshot.SampleRef> target = splitList(e.getKey(), train, validation, test);
                if (target != null) {
                    addSamples(e.getValue(), target);
                }
            });
        }
        JsonNode samples = root.path("samples");
        if (samples.isArray()) {
            for (JsonNode s : samples) {
                List<DatasetSnapshot.SampleRef> target = splitList(s.path("split").asText(""), train, validation, test);
                if (target != null) {
                    target.add(sample(s));
                }
            }
        }
        Integer imageSize = root.hasNonNull("imageSize") ? root.get("imageSize").asInt() : null;
        JsonNode input = root.path("stats").path("input");
        Double mean = number(input.path("mean"));
        Double std = number(input.path("std"));
        JsonNode targetMean = root.path("stats").path("target").path("mean");
        float[] meanColor = null;
        if (targetMean.isArray() && targetMean.size() == 3) {
            meanColor = new float[] {(float) targetMean.get(0).asDouble(), (float) targetMean.get(1).asDouble(),
                (float) targetMean.get(2).asDouble()};
        }
        String credits = root.hasNonNull("credits") ? root.get("credits").asText()
                : root.hasNonNull("license") ? root.get("license").asText() : null;
        if (credits == null && name.toLowerCase(Locale.ROOT).contains("openmoji")) {
            credits = "OpenMoji 17 (https://openmoji.org), CC BY-SA 4.0";
        }
        return new DatasetSnapshot(text(root, "name", name), text(root, "version", version), imageSize, train,
                validation, test, mean, std, meanColor, credits);
    }

    private static List<DatasetSnapshot.SampleRef> splitList(String split, List<DatasetSnapshot.SampleRef> train,
                                                             List<DatasetSnapshot.SampleRef> validation,
                                                             List<DatasetSnapshot.SampleRef> test) {
        return switch (split.toLowerCase(Locale.ROOT)) {
            case "train", "training" -> train;
            case "validation", "val", "valid" -> validation;
            case "test" -> test;
            default -> null;
        };
    }

    private static void addSamples(JsonNode list, List<DatasetSnapshot.SampleRef> target) {
        if (list.isArray()) {
            for (JsonNode s : list) {
                target.add(sample(s));
            }
        }
    }

    private static DatasetSnapshot.SampleRef sample(JsonNode s) {
        if (s.isTextual()) {
            String sha = s.asText();
            return new DatasetSnapshot.SampleRef(sha, defaultKey(sha, "input.png"), defaultKey(sha, "target.png"), List.of());
        }
        String sha = s.path("sha256").asText(s.path("id").asText(""));
        if (sha.isBlank() && !s.hasNonNull("inputKey")) {
            throw new IllegalArgumentException("dataset manifest sample " + s + " has neither sha256 nor inputKey");
        }
        String inputKey = s.hasNonNull("inputKey") ? s.get("inputKey").asText() : defaultKey(sha, "input.png");
        String targetKey = s.hasNonNull("targetKey") ? s.get("targetKey").asText() : defaultKey(sha, "target.png");
        List<String> tags = new ArrayList<>();
        s.path("tags").forEach(t -> tags.add(t.asText()));
        return new DatasetSnapshot.SampleRef(sha.isBlank() ? inputKey : sha, inputKey, targetKey, tags);
    }

    private static String defaultKey(String sha, String file) {
        return "samples/" + sha + "/" + file;
    }

    private static Double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isArray() && n.size() > 0 && n.get(0).isNumber()) {
            return n.get(0).asDouble();
        }
        return null;
    }

    private static String text(JsonNode root, String field, String fallback) {
        return root.hasNonNull(field) ? root.get(field).asText() : fallback;
    }
}
