package org.inkflow.inference.serving;

/** No model version to run the request: none loaded yet (503) or the version asked for is not kept (404). */
public class ModelUnavailableException extends RuntimeException {

    private final boolean notLoadedYet;

    public ModelUnavailableException(String message, boolean notLoadedYet) {
        super(message);
        this.notLoadedYet = notLoadedYet;
    }

    /** True when no version is loaded at all, so the client should retry later rather than fix its request. */
    public boolean notLoadedYet() {
        return notLoadedYet;
    }
}
