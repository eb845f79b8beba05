package org.inkflow.trainer.training;

/** A run that cannot go on (non-finite loss, failed sanity check, unreadable data); the message says why. */
public class TrainingFailedException extends RuntimeException {

    public TrainingFailedException(String message) {
        super(message);
    }

    public TrainingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
