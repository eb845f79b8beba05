package org.inkflow.common.messaging;

/** An event the broker did not take (refused, no answer in time, or the sender was stopped); the message says why. */
public class EventNotAcknowledgedException extends RuntimeException {

    public EventNotAcknowledgedException(String message, Throwable cause) {
        super(message, cause);
    }
}
