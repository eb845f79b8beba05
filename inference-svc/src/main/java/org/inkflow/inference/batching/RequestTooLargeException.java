package org.inkflow.inference.batching;

/** One request is bigger than the whole queue may hold, so it could never run: the caller should answer 413. */
public class RequestTooLargeException extends RuntimeException {

    public RequestTooLargeException(String message) {
        super(message);
    }
}
