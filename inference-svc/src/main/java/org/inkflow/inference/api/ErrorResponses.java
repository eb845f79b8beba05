package org.inkflow.inference.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.inkflow.inference.imaging.ImageRejectedException;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.inkflow.inference.service.RejectedRequestException;
import org.jboss.logging.Logger;

/**
 * Turns every failure of an inference request into the protocol's error shape, {@code {"error": "..."}}, with the
 * status that says whose fault it was, and counts refusals by reason.
 */
public final class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static Response of(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }

    /** The response for {@code error}; {@code retryAfterSeconds} goes on 503s. */
    public static Response of(Throwable error, InferenceMetrics metrics, int retryAfterSeconds) {
        Throwable e = unwrap(error);
        if (e instanceof RejectedRequestException r) {
            metrics.rejected(r.reason());
            return withRetry(of(r.status(), r.getMessage()), r.status(), retryAfterSeconds);
        }
        if (e instanceof ImageRejectedException r) {
            metrics.rejected(r.reason());
            return of(r.status(), r.getMessage());
        }
        if (e instanceof TimeoutException) {
            metrics.rejected("timeout");
            return withRetry(of(503, "the model did not answer within the request timeout"
                    + " (inkflow.inference.limits.request-timeout); the service is overloaded, retry later"), 503, retryAfterSeconds);
        }
        if (e instanceof CancellationException) {
            metrics.rejected("shutting_down");
            return withRetry(of(503, "the service is shutting down; retry on another replica"), 503, retryAfterSeconds);
        }
        LOG.error("inference failed", e);
        return of(500, "inference failed: " + e);
    }

    private static Response withRetry(Response response, int status, int retryAfterSeconds) {
        if (status != 503) {
            return response;
        }
        return Response.fromResponse(response).header("Retry-After", Integer.toString(retryAfterSeconds)).build();
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
