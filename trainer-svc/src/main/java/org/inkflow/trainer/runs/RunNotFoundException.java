package org.inkflow.trainer.runs;

/** No run has this id. */
public class RunNotFoundException extends RuntimeException {

    public RunNotFoundException(String runId) {
        super("no training run '" + runId + "'; GET /runs lists them");
    }
}
