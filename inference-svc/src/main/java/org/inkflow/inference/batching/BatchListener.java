package org.inkflow.inference.batching;

/** Told about every batch the batcher runs, for metrics. */
@FunctionalInterface
public interface BatchListener {

    /** A batch of {@code images} images from {@code requests} requests ran in {@code nanos}. */
    void onBatch(int images, int requests, long nanos);
}
