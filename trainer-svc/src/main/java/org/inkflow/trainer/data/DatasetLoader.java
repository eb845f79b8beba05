package org.inkflow.trainer.data;

import java.util.ArrayList;
import java.util.List;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.storage.ObjectNotFoundException;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.model.training.InputHistogram;
import org.inkflow.model.training.InputNormalization;
import org.jboss.logging.Logger;

/**
 * Turns a dataset snapshot into a run's {@link TrainingData}: reads the manifest, decodes the validation split
 * (capped), takes the input normalization from the manifest's training statistics (or measures it on training
 * samples when the manifest has none) and the input histogram the model card records for drift checks.
 */
public final class DatasetLoader {

    private static final Logger LOG = Logger.getLogger(DatasetLoader.class);

    private final ObjectStore store;
    private final int maxValidationSamples;
    private final int statsSamples;
    private final int sourceCacheSize;

    public DatasetLoader(ObjectStore store, int maxValidationSamples, int statsSamples, int sourceCacheSize) {
        this.store = store;
        this.maxValidationSamples = maxValidationSamples;
        this.statsSamples = statsSamples;
        this.sourceCacheSize = sourceCacheSize;
    }

    public DatasetSnapshot snapshot(String name, String version) {
        try {
            return DatasetSnapshot.of(DatasetManifest.read(store.get(Keys.datasetManifest(name, version))));
        } catch (ObjectNotFoundException e) {
            throw new DatasetNotFoundException(name, version);
        }
    }

    public boolean exists(String name, String version) {
        return store.exists(Keys.datasetManifest(name, version));
    }

    public TrainingData prepare(DatasetSnapshot snapshot) {
        return prepare(snapshot, new ObjectStoreSampleSource(store, sourceCacheSize));
    }

    public TrainingData prepare(DatasetSnapshot snapshot, SampleSource source) {
        List<DatasetSnapshot.SampleRef> train = new ArrayList<>(snapshot.train());
        List<DatasetSnapshot.SampleRef> validation = new ArrayList<>(snapshot.validation());
        if (train.isEmpty()) {
            throw new IllegalArgumentException("dataset " + snapshot.name() + "/" + snapshot.version()
                    + " has no training samples");
        }
        if (validation.isEmpty()) {
            // No validation split: hold out the last tenth of the training split (never the test split).
            int holdout = Math.max(1, train.size() / 10);
            if (train.size() > holdout) {
                validation.addAll(train.subList(train.size() - holdout, train.size()));
                train = new ArrayList<>(train.subList(0, train.size() - holdout));
            } else {
                validation.addAll(train);
            }
            LOG.warnf("dataset %s/%s has no validation split; holding out %d training samples", snapshot.name(),
                    snapshot.version(), validation.size());
        }
        int size = snapshot.imageSize() != null ? snapshot.imageSize() : firstSize(source, train.get(0));
        SampleDecoder decoder = new SampleDecoder(size, size);
        List<DecodedSample> val = new ArrayList<>();
        for (DatasetSnapshot.SampleRef ref : validation.subList(0, Math.min(maxValidationSamples, validation.size()))) {
            val.add(decoder.decode(source.fetch(ref), ref.sha256()));
        }
        List<float[]> statsInputs = new ArrayList<>();
        double[] colorSum = new double[3];
        long pixels = 0;
        int stride = Math.max(1, train.size() / Math.max(1, statsSamples));
        for (int i = 0; i < train.size() && statsInputs.size() < statsSamples; i += stride) {
            DatasetSnapshot.SampleRef ref = train.get(i);
            DecodedSample sample = decoder.decode(source.fetch(ref), ref.sha256());
            statsInputs.add(sample.lineArt());
            for (int p = 0; p < sample.color().length; p++) {
                colorSum[p % 3] += sample.color()[p];
            }
            pixels += sample.color().length / 3;
        }
        float[] meanColor = snapshot.targetMean() != null ? snapshot.targetMean()
                : new float[] {(float) (colorSum[0] / pixels), (float) (colorSum[1] / pixels), (float) (colorSum[2] / pixels)};
        float[] all = new float[statsInputs.size() * size * size];
        for (int i = 0; i < statsInputs.size(); i++) {
            System.arraycopy(statsInputs.get(i), 0, all, i * size * size, size * size);
        }
        InputNormalization normalization = snapshot.inputMean() != null && snapshot.inputStd() != null
                && snapshot.inputStd() > 1e-6
                ? new InputNormalization(snapshot.inputMean().floatValue(), snapshot.inputStd().floatValue())
                : InputNormalization.of(all);
        return new TrainingData(train, source, val, size, size, normalization, meanColor,
                InputHistogram.of(all, 10));
    }

    private static int firstSize(SampleSource source, DatasetSnapshot.SampleRef ref) {
        var image = org.inkflow.common.image.ImageArrays.decode(source.fetch(ref).inputPng());
        if (image.getWidth() != image.getHeight()) {
            throw new IllegalArgumentException("the manifest has no imageSize and sample " + ref.sha256() + " is "
                    + image.getWidth() + "x" + image.getHeight() + "; set imageSize in the manifest");
        }
        return image.getWidth();
    }
}
