package org.inkflow.common.api;

import jakarta.ws.rs.core.Response;

/**
 * How {@link ProblemMappers} writes a problem onto the wire. The default bean writes {@code application/problem+json};
 * a service whose protocol fixes another error body for some paths (inference's {@code /v2}, which KServe clients
 * read as {@code {"error": "..."}}) provides its own bean.
 */
public interface ProblemFormat {

    /** The answer for {@code problem}, whose {@code instance} is the request path; the caller adds headers. */
    Response.ResponseBuilder render(Problem problem);
}
