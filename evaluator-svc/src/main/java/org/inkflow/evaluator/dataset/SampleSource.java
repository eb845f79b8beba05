package org.inkflow.evaluator.dataset;

import org.inkflow.common.artifacts.DatasetManifest;

/** Where a sample's pixels come from (S3 in the service, arrays in unit tests). */
@FunctionalInterface
public interface SampleSource {

    LoadedSample load(DatasetManifest.Sample sample);
}
