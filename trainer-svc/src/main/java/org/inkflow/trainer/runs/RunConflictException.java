package org.inkflow.trainer.runs;

import org.inkflow.common.api.ProblemException;

/** The request does not fit the run's current state, e.g. stopping a finished run (409). */
public class RunConflictException extends ProblemException {

    public RunConflictException(String message) {
        super(409, message);
    }
}
