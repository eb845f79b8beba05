package org.inkflow.trainer.data;

/** Where a sample's encoded PNGs come from: the object store in the service, memory in tests and benchmarks. */
public interface SampleSource {

    /** The line-art (input) and color (target) PNG bytes of a sample. */
    EncodedSample fetch(DatasetSnapshot.SampleRef ref);

    /** A sample as stored: two PNGs. */
    record EncodedSample(byte[] inputPng, byte[] targetPng) {
    }
}
