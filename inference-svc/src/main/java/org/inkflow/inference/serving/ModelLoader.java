package org.inkflow.inference.serving;

/** Downloads and loads one model version; the production one reads SavedModels through {@code model-serving}. */
@FunctionalInterface
public interface ModelLoader {

    /**
     * @param location the promotion's location, e.g. {@code models/colorizer/3/}
     * @return the loaded model, holding its one registry reference
     * @throws Exception anything that went wrong; the caller keeps serving the current version
     */
    ServedModel load(String name, String version, String location) throws Exception;
}
