package org.inkflow.inference.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Request metrics for the REST endpoints: latency and count per endpoint and status (authentication is common's,
 * {@code org.inkflow.common.auth}; a 401 is counted here like any other answer).
 */
public class RequestFilters {

    private static final String START = "inkflow.start-nanos";

    private final InferenceMetrics metrics;

    public RequestFilters(InferenceMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerRequestFilter(preMatching = true)
    public void start(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        Object start = request.getProperty(START);
        String endpoint = endpointOf(request.getUriInfo().getPath());
        if (start instanceof Long nanos && endpoint != null) {
            metrics.request(endpoint, response.getStatus(), System.nanoTime() - nanos);
        }
    }

    /** The {@code endpoint} label: a few fixed names, never a raw path (that would explode the series count). */
    static String endpointOf(String path) {
        if (path.equals("/colorize")) {
            return "colorize";
        }
        if (path.startsWith("/v2/models/") && path.endsWith("/infer")) {
            return "v2_infer";
        }
        if (path.startsWith("/v2/health/")) {
            return "v2_health";
        }
        if (path.startsWith("/v2")) {
            return "v2_metadata";
        }
        if (path.startsWith("/models/")) {
            return "model_info";
        }
        return null;
    }
}
