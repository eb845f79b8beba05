package org.inkflow.cleaner.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.inkflow.cleaner.datasets.DatasetRequestException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns failures into {@link ApiError} JSON, so a client never gets an HTML or empty error page. */
public class ApiErrorMappers {

    @ServerExceptionMapper
    public Response datasetRequest(DatasetRequestException e) {
        return error(e.status(), e.getMessage(), e.field());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : null;
        return error(400, "the request body is not valid JSON for this endpoint: " + e.getOriginalMessage(), field);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json);
        }
        return error(status, e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage(), null);
    }

    static Response error(int status, String message, String field) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(message, status, field)).build();
    }
}
