package org.inkflow.evaluator.dataset;

/** Where a sample's pixels come from (S3 in the service, arrays in unit tests). */
@FunctionalInterface
public interface SampleSource {

    LoadedSample load(DatasetSample sample);
}
