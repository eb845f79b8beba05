package org.inkflow.trainer.data;

import java.util.List;
import java.util.Locale;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.artifacts.DatasetStats;

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

    static final String OPENMOJI_CREDITS = "OpenMoji 17 (https://openmoji.org), CC BY-SA 4.0";

    public DatasetSnapshot {
        train = train == null ? List.of() : List.copyOf(train);
        validation = validation == null ? List.of() : List.copyOf(validation);
        test = test == null ? List.of() : List.copyOf(test);
    }

    /**
     * The trainer's view of a manifest. Statistics the manifest lacks stay null (measured on the data then); data
     * without credits named {@code openmoji...} gets OpenMoji's notice, which its licence requires.
     */
    public static DatasetSnapshot of(DatasetManifest manifest) {
        DatasetStats stats = manifest.stats();
        Double mean = stats == null ? null : stats.input().mean();
        Double std = stats == null ? null : stats.input().std();
        float[] meanColor = null;
        if (stats != null) {
            double[] m = stats.target().mean();
            meanColor = new float[] {(float) m[0], (float) m[1], (float) m[2]};
        }
        String credits = manifest.credits();
        if (credits == null && manifest.name().toLowerCase(Locale.ROOT).contains("openmoji")) {
            credits = OPENMOJI_CREDITS;
        }
        return new DatasetSnapshot(manifest.name(), manifest.version(), manifest.imageSize(),
                refs(manifest.split(DatasetManifest.TRAIN)), refs(manifest.split(DatasetManifest.VALIDATION)),
                refs(manifest.split(DatasetManifest.TEST)), mean, std, meanColor, credits);
    }

    private static List<SampleRef> refs(List<DatasetManifest.Sample> samples) {
        return samples.stream().map(s -> new SampleRef(s.sha256(), s.inputKey(), s.targetKey(), s.tags())).toList();
    }
}
