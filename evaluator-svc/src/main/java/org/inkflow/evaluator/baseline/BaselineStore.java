package org.inkflow.evaluator.baseline;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.inkflow.common.artifacts.BaselineScores;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.artifacts.InvalidArtifactException;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.MeanColorImage;
import org.inkflow.common.artifacts.SplitScores;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.evaluator.dataset.SampleSource;
import org.inkflow.evaluator.scoring.Colorizer;
import org.inkflow.evaluator.scoring.ExampleOptions;
import org.inkflow.evaluator.scoring.LineCopyBaseline;
import org.inkflow.evaluator.scoring.MeanColorBaseline;
import org.inkflow.evaluator.scoring.SplitResult;
import org.inkflow.evaluator.scoring.SplitScorer;
import org.inkflow.evaluator.scoring.StoredScores;
import org.inkflow.evaluator.storage.WriteOnceObjects;
import org.jboss.logging.Logger;

/**
 * The baselines of a dataset version, computed on first use and cached in S3 under
 * {@code evaluations/_baselines/<dataset>/<version>/}: {@code mean-color.json} (the training split's per-pixel mean
 * target, float32), {@code mean-color.png} (the same, to look at) and {@code scores.json} (both baselines on the
 * validation and test splits). Dataset versions are immutable, so the cache never goes stale.
 */
public final class BaselineStore {

    private static final Logger LOG = Logger.getLogger(BaselineStore.class);

    private final ObjectStore store;
    private final SampleSource samples;
    private final SplitScorer scorer;
    private final int tagLimit;
    private final String ssimWindow;
    private final Clock clock;
    private final Map<String, BaselineScores> cache = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BaselineScores> eldest) {
            return size() > 8;
        }
    };

    public BaselineStore(ObjectStore store, SampleSource samples, SplitScorer scorer, int tagLimit, String ssimWindow,
                         Clock clock) {
        this.store = store;
        this.samples = samples;
        this.scorer = scorer;
        this.tagLimit = tagLimit;
        this.ssimWindow = ssimWindow;
        this.clock = clock;
    }

    public static String scoresKey(String dataset, String version) {
        return Keys.baseline(dataset, version, BaselineScores.FILE);
    }

    public static String meanColorKey(String dataset, String version) {
        return Keys.baseline(dataset, version, MeanColorImage.FILE);
    }

    public static String meanColorPngKey(String dataset, String version) {
        return Keys.baseline(dataset, version, "mean-color.png");
    }

    /** The baselines' scores on the validation and test splits: from memory, from S3, or computed and stored. */
    public synchronized BaselineScores scores(DatasetManifest manifest) {
        String id = manifest.name() + "/" + manifest.version();
        BaselineScores cached = cache.get(id);
        if (cached != null) {
            return cached;
        }
        String key = scoresKey(manifest.name(), manifest.version());
        BaselineScores scores = readScores(key).orElseGet(() -> compute(manifest, key));
        cache.put(id, scores);
        return scores;
    }

    /** Whether the scores of this dataset version are already in S3 (tests check the cache with it). */
    public boolean stored(String dataset, String version) {
        return store.exists(scoresKey(dataset, version));
    }

    /** The mean-color baseline of a dataset version, fitted on its training split once and kept in S3. */
    public MeanColorBaseline meanColor(DatasetManifest manifest) {
        String key = meanColorKey(manifest.name(), manifest.version());
        if (store.exists(key)) {
            return readMeanColor(store.get(key), key);
        }
        List<DatasetManifest.Sample> train = manifest.split(DatasetManifest.TRAIN);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("dataset " + manifest.name() + "/" + manifest.version()
                    + " has no training samples, so it has no mean color; rebuild it with a train split");
        }
        MeanColorBaseline.Fitter fitter = new MeanColorBaseline.Fitter();
        for (DatasetManifest.Sample sample : train) {
            fitter.add(samples.load(sample));
        }
        MeanColorBaseline mean = fitter.fit();
        WriteOnceObjects.putOrKeep(store, key, writeMeanColor(mean), "application/json");
        WriteOnceObjects.putOrKeep(store, meanColorPngKey(manifest.name(), manifest.version()),
                ImageArrays.encodePng(ImageArrays.fromRgb(mean.mean(), mean.width(), mean.height())), "image/png");
        LOG.infof("fitted the mean-color baseline of %s on %d training samples", manifest.name() + "/"
                + manifest.version(), fitter.count());
        return mean;
    }

    private BaselineScores compute(DatasetManifest manifest, String key) {
        MeanColorBaseline mean = meanColor(manifest);
        List<Colorizer> baselines = List.of(new LineCopyBaseline(), mean);
        Map<String, Map<String, SplitScores>> splits = new LinkedHashMap<>();
        for (String split : List.of(DatasetManifest.VALIDATION, DatasetManifest.TEST)) {
            List<DatasetManifest.Sample> list = manifest.split(split);
            if (list.isEmpty()) {
                continue;
            }
            Map<String, SplitScores> bySplit = new LinkedHashMap<>();
            for (Map.Entry<String, SplitResult> e : scorer.score(split, list, baselines,
                    ExampleOptions.numbersOnly(tagLimit)).entrySet()) {
                bySplit.put(e.getKey(), StoredScores.of(e.getValue()));
            }
            splits.put(split, bySplit);
        }
        BaselineScores scores = new BaselineScores(BaselineScores.SCHEMA_VERSION, manifest.name(), manifest.version(), ssimWindow, splits,
                clock.instant());
        WriteOnceObjects.putOrKeep(store, key, scores.toJson(), "application/json");
        // Another evaluator may have won the race; its numbers are the same, and the stored ones are the record.
        return readScores(key).orElse(scores);
    }

    private Optional<BaselineScores> readScores(String key) {
        if (!store.exists(key)) {
            return Optional.empty();
        }
        return Optional.of(read(store.get(key), key, BaselineScores::read));
    }

    static byte[] writeMeanColor(MeanColorBaseline mean) {
        return MeanColorImage.of(mean.height(), mean.width(), mean.mean()).toJson();
    }

    static MeanColorBaseline readMeanColor(byte[] json, String key) {
        MeanColorImage image = read(json, key, MeanColorImage::read);
        return new MeanColorBaseline(image.height(), image.width(), image.pixels());
    }

    private static <T> T read(byte[] json, String key, Function<byte[], T> reader) {
        try {
            return reader.apply(json);
        } catch (InvalidArtifactException e) {
            throw new InvalidArtifactException("cached baseline " + key + " is unreadable (" + e.getMessage()
                    + "); delete it to recompute", e);
        }
    }
}
