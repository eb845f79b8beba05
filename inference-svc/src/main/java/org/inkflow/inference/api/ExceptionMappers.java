package org.inkflow.inference.api;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.inkflow.inference.imaging.ImageRejectedException;
import org.inkflow.inference.service.ColorizerService;
import org.inkflow.inference.service.RejectedRequestException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error thrown from a resource (or by JAX-RS itself: 404, 405, 415) becomes {@code {"error": "..."}}. */
public class ExceptionMappers {

    private final ColorizerService service;

    public ExceptionMappers(ColorizerService service) {
        this.service = service;
    }

    @ServerExceptionMapper
    public Response rejected(RejectedRequestException e) {
        return ErrorResponses.of(e, service.metrics(), service.config().limits().retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response image(ImageRejectedException e) {
        return ErrorResponses.of(e, service.metrics(), service.config().limits().retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, HttpHeaders headers, UriInfo uri) {
        service.metrics().rejected("unsupported_media_type");
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        String wanted = uri.getPath().startsWith("/colorize")
                ? "send a PNG or JPEG as image/png, image/jpeg or application/octet-stream, or as multipart/form-data"
                : "send application/json";
        return ErrorResponses.of(415, "Content-Type " + (type == null ? "(none)" : "'" + type + "'")
                + " is not accepted by " + uri.getPath() + "; " + wanted);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return ErrorResponses.of(405, "method not allowed on " + uri.getPath() + "; allowed: "
                + e.getResponse().getAllowedMethods());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String message = status == 404 ? "nothing at " + uri.getPath() + "; see /q/openapi for the API" : e.getMessage();
        return ErrorResponses.of(status, message);
    }
}
