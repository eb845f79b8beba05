package org.inkflow.trainer.api;

import java.util.Map;

/**
 * {@code POST /runs}: a dataset version, the model name (default {@code colorizer}), hyperparameters (see
 * {@code Hyperparameters} for names and defaults) and optionally a search ({@code {"strategy":"random","trials":4,
 * "space":{"learningRate":[0.001,0.003]}}}). {@code runId} makes the request idempotent. {@code mode}
 * {@code lr-range} runs only a learning-rate range test (no model), {@code train} (the default) trains.
 */
public record RunRequest(String runId, String datasetName, String datasetVersion, String modelName,
                         Map<String, Object> hyperparameters, Map<String, Object> search, String mode) {
}
