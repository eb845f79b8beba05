package org.inkflow.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.inkflow.common.events.EventJson;

/**
 * {@code models/<name>/<version>/model-card.json}: what the model is, what it was trained on and how, how well it
 * did, the training split's input statistics (for drift checks) and the data's credits. H and W given to the model
 * must be multiples of {@code sizeMultiple}.
 */
public record ModelCard(
        Integer schemaVersion,
        String name,
        String version,
        String runId,
        DatasetRef dataset,
        Integer imageSize,
        Integer sizeMultiple,
        Long parameters,
        Map<String, Object> architecture,
        Map<String, Object> hyperparameters,
        Long seed,
        Map<String, Double> metrics,
        InputStats inputStats,
        String credits,
        String codeVersion,
        Double trainingSeconds,
        Instant createdAt) {

    public static final int SCHEMA_VERSION = 1;

    /** The dataset snapshot a model was trained on. */
    public record DatasetRef(String name, String version) {
    }

    /**
     * The training split's line-art statistics: mean, std, and a histogram of values in [0,1] with equal-width
     * bins (counts normalized to sum to 1).
     */
    public record InputStats(Double mean, Double std, List<Double> histogram) {
    }

    public ModelCard {
        if (schemaVersion == null) {
            schemaVersion = SCHEMA_VERSION;
        }
        require(name, "name");
        require(version, "version");
        if (sizeMultiple == null || sizeMultiple < 1) {
            throw new IllegalArgumentException("model card needs sizeMultiple >= 1; got " + sizeMultiple);
        }
        architecture = architecture == null ? Map.of() : Map.copyOf(architecture);
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("model card is missing '" + field + "'");
        }
    }

    public String toJson() {
        try {
            return EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write model card " + name + "/" + version, e);
        }
    }

    public static ModelCard fromJson(String json) {
        try {
            return EventJson.MAPPER.readValue(json, ModelCard.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid model-card.json: " + e.getOriginalMessage(), e);
        }
    }

    public void write(Path file) {
        try {
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static ModelCard read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no model card at " + file + "; every model directory needs a "
                    + "model-card.json" + " beside saved_model/");
        }
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
