package org.inkflow.trainer.runs;

import org.inkflow.common.api.ProblemException;

/** A run's record could not be put on {@code inkflow.training.requests} (503): the broker is unreachable; try again later. */
public class RunQueueUnavailableException extends ProblemException {

    public RunQueueUnavailableException(String message) {
        super(503, message);
    }
}
