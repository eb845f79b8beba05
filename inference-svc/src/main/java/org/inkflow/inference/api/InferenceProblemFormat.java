package org.inkflow.inference.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.inkflow.common.api.Problem;
import org.inkflow.common.api.ProblemFormat;
import org.inkflow.inference.metrics.InferenceMetrics;

/**
 * Replaces the platform's problem format so that the shared mappers (404, 405, malformed JSON, unexpected errors...)
 * answer {@code {"error": "..."}} under {@code /v2}, as the Open Inference Protocol requires, and a problem elsewhere.
 */
@ApplicationScoped
public class InferenceProblemFormat implements ProblemFormat {

    private final InferenceMetrics metrics;

    public InferenceProblemFormat(InferenceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Response.ResponseBuilder render(Problem problem) {
        if (problem.status() == 401) {
            metrics.rejected("unauthorized");
        }
        return ErrorResponses.render(problem);
    }
}
