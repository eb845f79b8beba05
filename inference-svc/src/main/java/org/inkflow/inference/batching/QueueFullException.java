package org.inkflow.inference.batching;

/** The batcher's queue is at capacity: the caller should answer 503 with Retry-After and let the client retry. */
public class QueueFullException extends RuntimeException {

    public QueueFullException(String message) {
        super(message);
    }
}
