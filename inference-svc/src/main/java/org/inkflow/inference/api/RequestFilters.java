package org.inkflow.inference.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.inkflow.inference.config.InferenceConfig;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * API-key authentication and request metrics for the REST endpoints. With {@code inkflow.inference.api-keys} set,
 * every endpoint but the v2 health and server-metadata ones needs a key, as {@code Authorization: Bearer <key>} or
 * {@code X-API-Key: <key>}; the page's static files, {@code /q/health} and {@code /q/metrics} are not JAX-RS
 * resources and stay open.
 */
public class RequestFilters {

    public static final String API_KEY_HEADER = "X-API-Key";
    private static final String START = "inkflow.start-nanos";

    private final InferenceMetrics metrics;
    private final List<byte[]> keys;

    public RequestFilters(InferenceMetrics metrics, InferenceConfig config) {
        this.metrics = metrics;
        this.keys = config.apiKeys().orElse(List.of()).stream()
                .map(String::trim).filter(k -> !k.isEmpty())
                .map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @ServerRequestFilter(preMatching = true)
    public void start(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        if (keys.isEmpty() || isOpen(request.getUriInfo().getPath())) {
            return null;
        }
        String key = request.getHeaderString(API_KEY_HEADER);
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (key == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7).trim();
        }
        if (key != null && known(key)) {
            return null;
        }
        metrics.rejected("unauthorized");
        return Response.fromResponse(ErrorResponses.of(request.getUriInfo().getPath(), 401, key == null
                        ? "this endpoint needs an API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
                        : "the API key is not valid; ask the operator for one (inkflow.inference.api-keys)"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"inkflow-inference\"")
                .build();
    }

    /** Compares against every key in constant time, so timing does not tell how much of a key was right. */
    private boolean known(String key) {
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] k : keys) {
            match |= MessageDigest.isEqual(k, given);
        }
        return match;
    }

    static boolean isOpen(String path) {
        return path.equals("/v2") || path.equals("/v2/") || path.startsWith("/v2/health/");
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
