package org.inkflow.trainer.runs;

/** The request does not fit the run's current state (e.g. stopping a finished run). */
public class RunConflictException extends RuntimeException {

    public RunConflictException(String message) {
        super(message);
    }
}
