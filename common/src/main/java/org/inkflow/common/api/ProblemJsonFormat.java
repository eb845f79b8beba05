package org.inkflow.common.api;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/** The {@link ProblemFormat} every service uses unless it provides another: the RFC 9457 body. */
@DefaultBean
@ApplicationScoped
public class ProblemJsonFormat implements ProblemFormat {

    @Override
    public Response.ResponseBuilder render(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(ProblemResponses.json(problem));
    }
}
