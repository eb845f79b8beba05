package org.inkflow.common.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Builds the JAX-RS answer that carries a {@link Problem}, for mappers and for resources that answer an error directly. */
public final class ProblemResponses {

    // Written here rather than by the service's JSON provider, which may not take application/problem+json.
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponses() {
    }

    /** The JSON text of {@code problem}. */
    public static String json(Problem problem) {
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem as JSON: " + e.getMessage(), e);
        }
    }

    /** {@code problem} as an {@code application/problem+json} response with its status. */
    public static Response of(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(json(problem)).build();
    }

    /** {@code problem} at the request's path (its {@code instance}). */
    public static Response of(Problem problem, UriInfo uri) {
        return of(uri == null ? problem : problem.at(uri.getPath()));
    }

    /** A problem answer for {@code status}, {@code detail} and the {@code field} at fault (may be null). */
    public static Response of(int status, String detail, String field) {
        return of(Problem.of(status, detail, field));
    }
}
