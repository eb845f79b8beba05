package org.inkflow.evaluator.registry;

/** Where a model version stands with the evaluator. */
public enum VersionState {
    /** Received, being scored (or a previous attempt stopped midway and it will be scored again). */
    EVALUATING,
    /** Passed every gate. */
    BLESSED,
    /** Scored, and at least one gate failed; the checks say which. */
    REJECTED,
    /** Could not be scored (model or dataset unreadable); the error says why. Retried if sent again. */
    FAILED;

    /** Decided versions are never evaluated again: the same candidate twice is evaluated once. */
    public boolean decided() {
        return this == BLESSED || this == REJECTED;
    }
}
