package org.inkflow.inference.grpc;

import io.grpc.Status;
import java.util.concurrent.CompletionException;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.inkflow.inference.service.RejectedRequestException;
import org.jboss.logging.Logger;

/**
 * Every failure of a gRPC call as the status code that says whose fault it was and what to do, with the same
 * message REST gives, counted in {@code inkflow_inference_rejected_requests_total} by the same reasons. The code
 * follows the refusal's HTTP status and reason (ADR 0033): 400/413/415 INVALID_ARGUMENT (do not retry as is), 404
 * NOT_FOUND, 401 UNAUTHENTICATED, 403 PERMISSION_DENIED, a full queue RESOURCE_EXHAUSTED, no model loaded yet or
 * shutting down UNAVAILABLE, the request timeout DEADLINE_EXCEEDED; anything else INTERNAL (logged).
 */
final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    /** The status for {@code error}, counting a refusal by its reason. */
    static Status of(Throwable error, InferenceMetrics metrics) {
        RejectedRequestException r = RejectedRequestException.of(error);
        if (r != null) {
            metrics.rejected(r.reason());
            return code(r.status(), r.reason()).withDescription(r.getMessage());
        }
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.error("inference failed", e);
        return Status.INTERNAL.withDescription("inference failed: " + e);
    }

    /** The gRPC code for a refusal answered {@code status} over REST. */
    static Status code(int status, String reason) {
        return switch (status) {
            case 400, 413, 415 -> Status.INVALID_ARGUMENT;
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.NOT_FOUND;
            case 503 -> "queue_full".equals(reason) ? Status.RESOURCE_EXHAUSTED
                    : "timeout".equals(reason) ? Status.DEADLINE_EXCEEDED : Status.UNAVAILABLE;
            default -> Status.INTERNAL;
        };
    }
}
