package org.inkflow.common.messaging;

/**
 * Thrown by domain code when a dependency is unreachable or not ready yet, so the record that hit it is retried
 * instead of dead-lettered; the message says which dependency and what it answered.
 */
public class TransientFailure extends RuntimeException {

    public TransientFailure(String message) {
        super(message);
    }

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
