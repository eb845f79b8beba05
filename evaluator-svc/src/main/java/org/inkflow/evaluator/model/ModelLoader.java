package org.inkflow.evaluator.model;

import org.inkflow.evaluator.scoring.Colorizer;

/** Loads a model version for scoring; the service downloads SavedModels from S3, tests may hand in anything. */
@FunctionalInterface
public interface ModelLoader {

    /** The model at {@code location} ({@code models/<name>/<version>/}); the caller closes it. */
    Colorizer load(String modelName, String version, String location);
}
