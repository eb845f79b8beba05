package org.inkflow.trainer.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.inkflow.trainer.data.DatasetNotFoundException;
import org.inkflow.trainer.runs.RunConflictException;
import org.inkflow.trainer.runs.RunNotFoundException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the trainer's exceptions into 4xx answers with an {@link ApiError} body instead of stack traces. */
public class ApiErrorMapper {

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownDataset(DatasetNotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownRun(RunNotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(RunConflictException e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String message = status == 400 ? "the request body is not valid JSON for a run request: " + e.getMessage()
                : e.getMessage();
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(message, status)).build();
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(message, status.getStatusCode())).build();
    }
}
