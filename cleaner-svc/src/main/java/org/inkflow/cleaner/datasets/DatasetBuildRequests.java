package org.inkflow.cleaner.datasets;

/**
 * The port that puts a build request on {@code inkflow.datasets.builds}, keyed by dataset name, so the replica
 * owning that partition builds it (ADR 0034). Fails with a 503 {@link DatasetRequestException} when the broker does
 * not take it. {@code after} is null for a request made over REST; the automatic dataset names the latest version it
 * knew ({@code ""} for none), so the owner builds only the first of the replicas' identical decisions (ADR 0039).
 */
public interface DatasetBuildRequests {

    void request(DatasetSpec spec, String fingerprint, String after);
}
