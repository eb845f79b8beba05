package org.inkflow.trainer.runs;

/**
 * Where a search puts its trials ({@code inkflow.training.trials}, one record per trial keyed by the trial's run id),
 * so they spread over the trainer replicas (Katib's model; ADR 0028): each trial is trained by whichever replica owns
 * its partition, and the search collects their results from their statuses in S3. Implemented by
 * {@code messaging/TrainingRequestPublisher}; without one (plain-Java tests, the child trainer) a search trains its
 * trials itself, one after another.
 */
public interface TrialDispatch {

    /** Asks for trial {@code trial} (saved QUEUED in S3 already, with its {@code parentId}) to be trained. */
    void runTrial(RunStatus trial);

    /** Asks the owner of trial {@code trialId}, wherever it is, to stop it. */
    void cancelTrial(String trialId);
}
