package org.inkflow.evaluator.api;

import java.util.List;

/**
 * {@code POST /models/{name}/ensembles}: either {@code members} (versions to average) or {@code top} (the N best
 * by validation L1); optionally the dataset to score on (default: the first member's).
 */
public record EnsembleRequest(List<String> members, Integer top, String datasetName, String datasetVersion) {
}
