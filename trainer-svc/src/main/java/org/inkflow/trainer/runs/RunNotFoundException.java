package org.inkflow.trainer.runs;

import org.inkflow.common.api.ProblemException;

/** No run has this id (404). */
public class RunNotFoundException extends ProblemException {

    public RunNotFoundException(String runId) {
        super(404, "no training run '" + runId + "'; GET /runs lists them");
    }
}
