package org.inkflow.trainer.runs;

/** A training run's life: QUEUED, RUNNING, then one of COMPLETED, FAILED or STOPPED (by a person). */
public enum RunState {
    QUEUED, RUNNING, COMPLETED, FAILED, STOPPED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }
}
