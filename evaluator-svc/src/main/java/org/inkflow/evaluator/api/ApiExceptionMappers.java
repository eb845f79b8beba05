package org.inkflow.evaluator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.inkflow.common.storage.ObjectStoreException;
import org.inkflow.evaluator.registry.RegistryConflictException;
import org.inkflow.evaluator.registry.UnknownModelException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps errors to {@link ApiError} JSON: 400 bad input, 404 unknown, 409 not allowed now, 503 broker or S3 down. */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response badInput(IllegalArgumentException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return error(Response.Status.BAD_REQUEST, "request body is not valid JSON for this endpoint: "
                + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response unknown(UnknownModelException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(RegistryConflictException e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response storage(ObjectStoreException e) {
        LOG.warn("object store call failed", e);
        return error(Response.Status.SERVICE_UNAVAILABLE, "the object store failed: " + e.getMessage()
                + "; retry when S3 is reachable");
    }

    @ServerExceptionMapper
    public Response brokerTimeout(io.smallrye.mutiny.TimeoutException e) {
        return error(Response.Status.SERVICE_UNAVAILABLE, "Kafka did not acknowledge the event in time; nothing was"
                + " changed, retry when the broker is reachable");
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error", e);
        return error(Response.Status.INTERNAL_SERVER_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response r = e.getResponse();
        String message = e.getMessage() == null ? r.getStatusInfo().getReasonPhrase() : e.getMessage();
        return Response.status(r.getStatus()).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(message, r.getStatus())).build();
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(message,
                status.getStatusCode())).build();
    }
}
