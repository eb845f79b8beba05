package org.inkflow.crawler.store;

import org.inkflow.common.events.RawImageStored;

/** Announces a newly stored image on {@code images.raw}; returns once the broker has acknowledged it. */
@FunctionalInterface
public interface ImageEventSink {

    void publish(RawImageStored event) throws EventPublishException, InterruptedException;

    /** The broker did not take the event. */
    class EventPublishException extends Exception {
        public EventPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
