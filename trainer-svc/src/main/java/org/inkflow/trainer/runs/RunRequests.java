package org.inkflow.trainer.runs;

/**
 * Where a run's records go ({@code inkflow.training.requests}, keyed by run id): the record's partition decides
 * which replica trains the run (ADR 0028), and a cancel with the same key reaches that replica. Implemented by
 * {@code messaging/TrainingRequestPublisher}; plain-Java tests pass their own.
 */
public interface RunRequests {

    /** Asks for run {@code status} (saved QUEUED in S3 already) to be trained by its partition's owner. */
    void run(RunStatus status);

    /** Asks the owner of run {@code runId}, wherever it is, to stop it. */
    void cancel(String runId);

    /** Requests that go nowhere, for a scheduler that only runs what it is handed (tests, the child trainer). */
    RunRequests NONE = new RunRequests() {
        @Override
        public void run(RunStatus status) {
        }

        @Override
        public void cancel(String runId) {
        }
    };
}
