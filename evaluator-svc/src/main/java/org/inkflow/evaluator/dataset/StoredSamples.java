package org.inkflow.evaluator.dataset;

import java.awt.image.BufferedImage;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.storage.ObjectStore;

/** Reads samples' {@code input.png} and {@code target.png} from the object store, as the cleaner wrote them. */
public final class StoredSamples implements SampleSource {

    private final ObjectStore store;

    public StoredSamples(ObjectStore store) {
        this.store = store;
    }

    @Override
    public LoadedSample load(DatasetManifest.Sample sample) {
        BufferedImage input = ImageArrays.decode(store.get(sample.inputKey()));
        BufferedImage target = ImageArrays.decode(store.get(sample.targetKey()));
        if (input.getWidth() != target.getWidth() || input.getHeight() != target.getHeight()) {
            throw new IllegalArgumentException("sample " + sample.sha256() + ": input is " + input.getWidth() + "x"
                    + input.getHeight() + " but target is " + target.getWidth() + "x" + target.getHeight()
                    + "; rebuild the dataset (the cleaner writes both at the same size)");
        }
        return new LoadedSample(sample, input.getHeight(), input.getWidth(), ImageArrays.toGray(input),
                ImageArrays.toRgb(target));
    }
}
