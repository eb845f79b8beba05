package org.inkflow.inference.service;

/**
 * A request the service refuses with a 4xx or 503 and a message that says what was wrong; {@link #reason()} is the
 * {@code reason} label of {@code inkflow_inference_rejected_requests_total}.
 */
public class RejectedRequestException extends RuntimeException {

    private final int status;
    private final String reason;

    public RejectedRequestException(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
