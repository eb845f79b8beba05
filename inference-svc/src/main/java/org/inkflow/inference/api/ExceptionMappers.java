package org.inkflow.inference.api;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.inkflow.inference.config.InferenceConfig;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.inkflow.inference.service.RejectedRequestException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The inference-only part of error mapping: refusals are counted by reason and 503s carry Retry-After; everything
 * else is the shared {@code org.inkflow.common.api.ProblemMappers}, written by {@link InferenceProblemFormat}.
 */
public class ExceptionMappers {

    private final InferenceMetrics metrics;
    private final int retryAfterSeconds;

    public ExceptionMappers(InferenceMetrics metrics, InferenceConfig config) {
        this.metrics = metrics;
        this.retryAfterSeconds = config.limits().retryAfterSeconds();
    }

    @ServerExceptionMapper
    public Response rejected(RejectedRequestException e, UriInfo uri) {
        return ErrorResponses.of(uri.getPath(), e, metrics, retryAfterSeconds);
    }

    /** Counted, and says which types the endpoint takes; before the shared mapper for the same exception. */
    @ServerExceptionMapper(priority = Priorities.USER - 1)
    public Response unsupported(NotSupportedException e, HttpHeaders headers, UriInfo uri) {
        metrics.rejected("unsupported_media_type");
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        String wanted = uri.getPath().startsWith("/colorize")
                ? "send a PNG or JPEG as image/png, image/jpeg or application/octet-stream, or as multipart/form-data"
                : "send application/json";
        return ErrorResponses.of(uri.getPath(), 415, "Content-Type " + (type == null ? "(none)" : "'" + type + "'")
                + " is not accepted by " + uri.getPath() + "; " + wanted);
    }
}
