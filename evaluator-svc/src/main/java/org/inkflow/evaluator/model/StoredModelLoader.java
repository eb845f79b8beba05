package org.inkflow.evaluator.model;

import java.nio.file.Path;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.evaluator.scoring.Colorizer;
import org.inkflow.model.ColorizerModel;

/**
 * Downloads a model version from S3 into a local cache (versions never change, so a cached copy is reused) and
 * loads it with model-runtime.
 */
public final class StoredModelLoader implements ModelLoader {

    private final ObjectStore store;
    private final Path cacheDir;
    private final int threads;

    public StoredModelLoader(ObjectStore store, Path cacheDir, int threads) {
        this.store = store;
        this.cacheDir = cacheDir;
        this.threads = threads;
    }

    @Override
    public Colorizer load(String modelName, String version, String location) {
        Path dir = ColorizerModel.fetch(store, location, cacheDir);
        return new SavedModelColorizer(modelName + "/" + version, ColorizerModel.load(dir, threads));
    }
}
