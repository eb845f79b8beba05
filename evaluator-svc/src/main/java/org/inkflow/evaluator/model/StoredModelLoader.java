package org.inkflow.evaluator.model;

import java.nio.file.Path;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.evaluator.scoring.Colorizer;
import org.inkflow.model.serving.ModelCache;

/**
 * Loads a candidate model version for scoring through the serving kit's {@link ModelCache} (downloaded from S3
 * into a local cache once; versions never change, so a cached copy is reused).
 */
public final class StoredModelLoader implements ModelLoader {

    private final ModelCache models;

    public StoredModelLoader(ObjectStore store, Path cacheDir, int threads) {
        this.models = new ModelCache(store, cacheDir, threads);
    }

    @Override
    public Colorizer load(String modelName, String version, String location) {
        return new SavedModelColorizer(modelName + "/" + version, models.load(location));
    }
}
