package org.inkflow.evaluator.evaluation;

/** A candidate that could not be evaluated; its message says why, and the record goes to the dead-letter topic. */
public class EvaluationFailedException extends RuntimeException {

    public EvaluationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
