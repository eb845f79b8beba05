package org.inkflow.inference.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.inkflow.common.api.Problem;
import org.inkflow.common.api.ProblemResponses;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.inkflow.inference.service.RejectedRequestException;
import org.jboss.logging.Logger;

/**
 * Turns every failure of an inference request into an answer with the status that says whose fault it was, and
 * counts refusals by reason. Under {@code /v2} the body is the Open Inference Protocol's {@code {"error": "..."}}
 * (KServe clients read it); everywhere else it is the platform's RFC 9457 problem.
 */
public final class ErrorResponses {

    /** The root of the Open Inference Protocol's paths. */
    public static final String V2 = "/v2";

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    /** Whether {@code path} is one of the Open Inference Protocol's, whose errors keep the protocol's body. */
    public static boolean isV2(String path) {
        return path != null && (path.equals(V2) || path.startsWith(V2 + "/"));
    }

    /** The answer for {@code problem}, in the shape its path ({@code instance}) calls for. */
    static Response.ResponseBuilder render(Problem problem) {
        if (isV2(problem.instance())) {
            return Response.status(problem.status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", problem.detail()));
        }
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(ProblemResponses.json(problem));
    }

    /** An error answer for a request to {@code path}. */
    public static Response of(String path, int status, String message) {
        return render(Problem.of(status, message, null).at(path)).build();
    }

    /** The response for {@code error} on a request to {@code path}; {@code retryAfterSeconds} goes on 503s. */
    public static Response of(String path, Throwable error, InferenceMetrics metrics, int retryAfterSeconds) {
        RejectedRequestException r = RejectedRequestException.of(error);
        if (r != null) {
            metrics.rejected(r.reason());
            return withRetry(of(path, r.status(), r.getMessage()), r.status(), retryAfterSeconds);
        }
        Throwable e = unwrap(error);
        LOG.error("inference failed", e);
        return of(path, 500, "inference failed: " + e);
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
