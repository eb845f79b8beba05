package org.inkflow.trainer.runs;

import java.util.Map;

/**
 * A request to train: from REST, from {@code training.requests}, or automatic on a new dataset version.
 * {@code mode} is {@code train} (the default, also for null) or {@code lr-range} (only a learning-rate range test).
 */
public record RunSubmission(String runId, String datasetName, String datasetVersion, String modelName,
                            Map<String, Object> hyperparameters, Map<String, Object> search, String mode) {

    public RunSubmission(String runId, String datasetName, String datasetVersion, String modelName,
                         Map<String, Object> hyperparameters, Map<String, Object> search) {
        this(runId, datasetName, datasetVersion, modelName, hyperparameters, search, null);
    }
}
