package org.inkflow.inference.service;

import org.inkflow.common.api.ProblemException;

/**
 * A request the service refuses (an unreadable upload, a tensor the model cannot take, a limit, no model loaded yet)
 * with a 4xx or 503 and a message that says what was wrong and what to do; {@link #reason()} is the {@code reason}
 * label of {@code inkflow_inference_rejected_requests_total}.
 */
public class RejectedRequestException extends ProblemException {

    private final String reason;

    /**
     * @param status  the HTTP status: 400 unreadable, 404 unknown model or version, 413 over a limit, 415 not a PNG
     *                or JPEG, 503 not ready or overloaded
     * @param reason  a short metric label: {@code empty}, {@code too_large}, {@code unsupported_media_type}, ...
     * @param message what was wrong and what to do
     */
    public RejectedRequestException(int status, String reason, String message) {
        super(status, message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
