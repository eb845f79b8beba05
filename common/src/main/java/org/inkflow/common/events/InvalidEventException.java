package org.inkflow.common.events;

/** An event that cannot be read: not JSON, the wrong shape, or a required field missing. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
