package org.inkflow.inference.service;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
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

    /**
     * The refusal a failed request amounts to, whichever protocol answers it: a {@code RejectedRequestException}
     * itself, the request timeout (503 {@code timeout}) or the batcher's shutdown (503 {@code shutting_down}), also
     * inside the {@code CompletionException}s of a future; null for anything else, which is the service's fault.
     */
    public static RejectedRequestException of(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof RejectedRequestException r) {
            return r;
        }
        if (e instanceof TimeoutException) {
            return new RejectedRequestException(503, "timeout", "the model did not answer within the request timeout"
                    + " (inkflow.inference.limits.request-timeout); the service is overloaded, retry later");
        }
        if (e instanceof CancellationException) {
            return new RejectedRequestException(503, "shutting_down", "the service is shutting down; retry on another"
                    + " replica");
        }
        return null;
    }
}
