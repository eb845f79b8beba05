package org.inkflow.inference.serving;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inkflow.common.artifacts.ModelCard;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.inference.drift.InputStatistics;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ModelCache;
import org.jboss.logging.Logger;

/**
 * Loads a promoted model version through the serving kit's {@link ModelCache} (bucket to local cache to
 * TensorFlow) and describes it from its model card.
 */
public final class SavedModelLoader implements ModelLoader {

    private static final Logger LOG = Logger.getLogger(SavedModelLoader.class);

    private final ModelCache models;

    /** @param threads TensorFlow intra-op threads per model (0: TensorFlow chooses) */
    public SavedModelLoader(ObjectStore store, Path cacheDir, int threads) {
        this.models = new ModelCache(store, cacheDir, threads);
    }

    @Override
    public ServedModel load(String name, String version, String location) {
        Path dir = models.fetch(location);
        LOG.infof("loading model %s version %s from %s (cached at %s)", name, version, location, dir);
        ColorizerModel model = models.load(location);
        try {
            ModelCard card = model.card();
            if (!name.equals(card.name())) {
                throw new IllegalStateException("the model card at " + location + " names model '" + card.name()
                        + "'; this service serves '" + name + "' (inkflow.inference.model-name)");
            }
            if (!version.equals(card.version())) {
                // A promotion may only point at the version it names: models/<name>/<version>/ with that card.
                throw new IllegalStateException("the model card at " + location + " is of version '" + card.version()
                        + "', not the promoted version '" + version + "'");
            }
            int imageSize = card.imageSize() == null ? 64 : card.imageSize();
            ModelDescription description = new ModelDescription(name, card.version(), location, imageSize,
                    card.sizeMultiple(), trainingStats(card.inputStats()),
                    EventJson.MAPPER.convertValue(card, new TypeReference<Map<String, Object>>() { }));
            return new ServedModel(description, new TensorFlowPredictor(model));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The card's statistics in drift's terms; {@code null} when the card has no usable histogram. */
    static InputStatistics trainingStats(ModelCard.InputStats stats) {
        if (stats == null || stats.histogram() == null || stats.histogram().size() < 2) {
            return null;
        }
        List<Double> h = stats.histogram();
        double[] histogram = new double[h.size()];
        for (int i = 0; i < histogram.length; i++) {
            histogram[i] = h.get(i) == null ? 0 : h.get(i);
        }
        return new InputStatistics(stats.mean() == null ? Double.NaN : stats.mean(),
                stats.std() == null ? Double.NaN : stats.std(), InputStatistics.lineDensityOf(histogram), histogram);
    }
}
