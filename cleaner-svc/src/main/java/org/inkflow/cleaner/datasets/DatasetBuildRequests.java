package org.inkflow.cleaner.datasets;

/**
 * The port that puts a build request on {@code inkflow.datasets.builds}, keyed by dataset name, so the replica
 * owning that partition builds it (ADR 0034). Fails with a 503 {@link DatasetRequestException} when the broker does
 * not take it.
 */
public interface DatasetBuildRequests {

    void request(DatasetSpec spec, String fingerprint);
}
