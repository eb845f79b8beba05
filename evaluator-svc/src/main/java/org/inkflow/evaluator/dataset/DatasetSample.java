package org.inkflow.evaluator.dataset;

import java.util.List;

/** One sample of a dataset manifest: where its line art and target are, its tags and its group. */
public record DatasetSample(String sha256, String inputKey, String targetKey, List<String> tags, String groupKey) {

    public DatasetSample {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
