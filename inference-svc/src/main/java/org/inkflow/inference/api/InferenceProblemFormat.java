package org.inkflow.inference.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.inkflow.common.api.Problem;
import org.inkflow.common.api.ProblemFormat;

/**
 * Replaces the platform's problem format so that the shared mappers (404, 405, malformed JSON, unexpected errors...)
 * answer {@code {"error": "..."}} under {@code /v2}, as the Open Inference Protocol requires, and a problem elsewhere.
 */
@ApplicationScoped
public class InferenceProblemFormat implements ProblemFormat {

    @Override
    public Response.ResponseBuilder render(Problem problem) {
        return ErrorResponses.render(problem);
    }
}
