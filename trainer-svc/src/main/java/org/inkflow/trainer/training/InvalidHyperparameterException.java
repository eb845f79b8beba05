package org.inkflow.trainer.training;

/** A hyperparameter that is unknown, of the wrong type or out of range; the message names it and the fix. */
public class InvalidHyperparameterException extends IllegalArgumentException {

    public InvalidHyperparameterException(String message) {
        super(message);
    }
}
