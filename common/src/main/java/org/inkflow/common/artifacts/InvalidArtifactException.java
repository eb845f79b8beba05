package org.inkflow.common.artifacts;

/**
 * A stored document that cannot be read: not JSON, the wrong shape, a required field missing or a schema version
 * this code does not know. An {@link IllegalArgumentException}, as the bad input it is.
 */
public class InvalidArtifactException extends IllegalArgumentException {

    public InvalidArtifactException(String message) {
        super(message);
    }

    public InvalidArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
