package org.inkflow.trainer.runs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.inkflow.trainer.training.Hyperparameters;
import org.inkflow.trainer.training.InvalidHyperparameterException;

/**
 * Continuous training: which run a newly published dataset version gets. The run id is derived from the dataset's
 * name and version ({@code auto-<name>-<version>}), so a replayed or duplicated {@code inkflow.datasets} event
 * finds the run it already made instead of starting a second one. The hyperparameters are checked when the policy
 * is made, so a bad setting stops the service at start rather than dead-lettering every dataset.
 */
public final class ContinuousTraining {

    static final int MAX_RUN_ID = 100;

    private final boolean enabled;
    private final String modelName;
    private final Map<String, Object> hyperparameters;

    public ContinuousTraining(boolean enabled, String modelName, Map<String, String> hyperparameters) {
        this.enabled = enabled;
        this.modelName = modelName;
        this.hyperparameters = new LinkedHashMap<>(hyperparameters);
        try {
            Hyperparameters.parse(this.hyperparameters);
        } catch (InvalidHyperparameterException e) {
            throw new IllegalArgumentException("inkflow.trainer.auto-train.hyperparameters: " + e.getMessage(), e);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The run a new dataset version gets, or none when continuous training is off. */
    public Optional<RunSubmission> runFor(String datasetName, String datasetVersion) {
        if (!enabled) {
            return Optional.empty();
        }
        return Optional.of(new RunSubmission(runId(datasetName, datasetVersion), datasetName, datasetVersion, modelName,
                hyperparameters, null));
    }

    /** {@code auto-<name>-<version>} in run-id characters; a too-long one ends in a hash of the whole to stay unique. */
    public static String runId(String datasetName, String datasetVersion) {
        String id = ("auto-" + datasetName + "-" + datasetVersion).replaceAll("[^A-Za-z0-9._-]", "-");
        if (id.length() <= MAX_RUN_ID) {
            return id;
        }
        String hash = sha256(datasetName + "/" + datasetVersion).substring(0, 16);
        return id.substring(0, MAX_RUN_ID - hash.length() - 1) + "-" + hash;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
