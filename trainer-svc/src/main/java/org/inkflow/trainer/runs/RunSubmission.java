package org.inkflow.trainer.runs;

import java.util.Map;

/** A request to train: from REST, from {@code training.requests}, or automatic on a new dataset version. */
public record RunSubmission(String runId, String datasetName, String datasetVersion, String modelName,
                            Map<String, Object> hyperparameters, Map<String, Object> search) {
}
