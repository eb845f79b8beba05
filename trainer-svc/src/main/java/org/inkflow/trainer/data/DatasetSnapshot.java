package org.inkflow.trainer.data;

import java.util.List;

/**
 * What the trainer reads from a dataset snapshot's {@code manifest.json}: per-split sample references, the image
 * size, the training split's line-art statistics and mean target color (null when the manifest has none: measured
 * on the data then)
 * and the data's credits.
 */
public record DatasetSnapshot(
        String name,
        String version,
        Integer imageSize,
        List<SampleRef> train,
        List<SampleRef> validation,
        List<SampleRef> test,
        Double inputMean,
        Double inputStd,
        float[] targetMean,
        String credits) {

    /** One sample: its content hash and where its line art (input) and color (target) PNGs are. */
    public record SampleRef(String sha256, String inputKey, String targetKey, List<String> tags) {
    }

    public DatasetSnapshot {
        train = train == null ? List.of() : List.copyOf(train);
        validation = validation == null ? List.of() : List.copyOf(validation);
        test = test == null ? List.of() : List.copyOf(test);
    }

    public static String manifestKey(String name, String version) {
        return "datasets/" + name + "/" + version + "/manifest.json";
    }
}
