package org.inkflow.common.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.inkflow.common.keys.Keys;

/**
 * {@code models/<name>/<version>/model-card.json}: what the model is, what it was trained on and how, how well it
 * did, the training split's input statistics (for drift checks) and the data's credits. H and W given to the model
 * must be multiples of {@code sizeMultiple}. Written by the trainer, read by the evaluator and inference.
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
        schemaVersion = ArtifactJson.version(schemaVersion, SCHEMA_VERSION, ModelCard.class);
        ArtifactJson.require(name, "name", ModelCard.class);
        ArtifactJson.require(version, "version", ModelCard.class);
        if (sizeMultiple == null || sizeMultiple < 1) {
            throw new InvalidArtifactException("model card needs sizeMultiple >= 1; got " + sizeMultiple);
        }
        architecture = architecture == null ? Map.of() : Map.copyOf(architecture);
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    public String toJson() {
        return new String(ArtifactJson.write(this), StandardCharsets.UTF_8);
    }

    public static ModelCard fromJson(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    public static ModelCard read(byte[] json) {
        return ArtifactJson.read(json, ModelCard.class);
    }

    public void write(Path file) {
        try {
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The card in a downloaded model directory. */
    public static ModelCard read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidArtifactException("no model card at " + file + "; every model directory needs a "
                    + Keys.MODEL_CARD + " beside " + Keys.SAVED_MODEL + "/");
        }
        try {
            return read(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
