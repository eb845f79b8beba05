package org.inkflow.evaluator.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.artifacts.Keys;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.evaluator.dataset.SampleSource;
import org.inkflow.evaluator.scoring.Colorizer;
import org.inkflow.evaluator.scoring.ExampleOptions;
import org.inkflow.evaluator.scoring.LineCopyBaseline;
import org.inkflow.evaluator.scoring.MeanColorBaseline;
import org.inkflow.evaluator.scoring.SplitResult;
import org.inkflow.evaluator.scoring.SplitScores;
import org.inkflow.evaluator.scoring.SplitScorer;
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
        return Keys.baseline(dataset, version, "scores.json");
    }

    public static String meanColorKey(String dataset, String version) {
        return Keys.baseline(dataset, version, "mean-color.json");
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
                bySplit.put(e.getKey(), SplitScores.of(e.getValue()));
            }
            splits.put(split, bySplit);
        }
        BaselineScores scores = new BaselineScores(manifest.name(), manifest.version(), ssimWindow, splits,
                clock.instant());
        WriteOnceObjects.putOrKeep(store, key, EventJson.write(scores).getBytes(StandardCharsets.UTF_8), "application/json");
        // Another evaluator may have won the race; its numbers are the same, and the stored ones are the record.
        return readScores(key).orElse(scores);
    }

    private Optional<BaselineScores> readScores(String key) {
        if (!store.exists(key)) {
            return Optional.empty();
        }
        return Optional.of(EventJson.MAPPER.convertValue(readTree(store.get(key), key), BaselineScores.class));
    }

    static byte[] writeMeanColor(MeanColorBaseline mean) {
        float[] values = mean.mean();
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("height", mean.height());
        doc.put("width", mean.width());
        doc.put("layout", "[H,W,3] float32 little-endian, base64");
        doc.put("values", Base64.getEncoder().encodeToString(buffer.array()));
        return EventJson.write(doc).getBytes(StandardCharsets.UTF_8);
    }

    static MeanColorBaseline readMeanColor(byte[] json, String key) {
        JsonNode node = readTree(json, key);
        int height = node.path("height").asInt();
        int width = node.path("width").asInt();
        byte[] bytes = Base64.getDecoder().decode(node.path("values").asText());
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.length / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
        }
        return new MeanColorBaseline(height, width, values);
    }

    private static JsonNode readTree(byte[] json, String key) {
        try {
            return EventJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cached baseline " + key + " is not JSON; delete it to recompute", e);
        }
    }
}
