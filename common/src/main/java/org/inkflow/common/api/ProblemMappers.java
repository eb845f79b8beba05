package org.inkflow.common.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.inkflow.common.messaging.EventNotAcknowledgedException;
import org.inkflow.common.storage.ObjectStoreException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one set of exception mappers every service gets by depending on common: each failure of a REST request becomes
 * a {@link Problem} ({@code application/problem+json}), never an HTML page, an empty body or a stack trace.
 *
 * <p>{@link ProblemException} keeps its status and field; JAX-RS' own errors (404, 405, 406, 415) say what to do; a
 * body Jackson cannot read (malformed, wrong type, unknown enum or field, past a stream limit such as nesting depth or
 * number length) is a 400 naming the field path ({@code splits.train}, {@code tags[1]}); S3 and Kafka not answering is
 * a 503; anything else is a logged 500 with a generic detail. {@link IllegalArgumentException} is a 400 only where a
 * service validates requests with it ({@code inkflow.api.illegal-argument-is-bad-request=true}), a 500 elsewhere.
 * A service changes how problems are written (not which) with its own {@link ProblemFormat} bean. The mappers for Jackson's exceptions run before Quarkus' built-in ones (priority below {@code USER}).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final int BEFORE_BUILT_IN = Priorities.USER - 100;

    private final ProblemFormat format;
    private final boolean illegalArgumentIsBadRequest;

    public ProblemMappers(ProblemFormat format,
                          @ConfigProperty(name = "inkflow.api.illegal-argument-is-bad-request", defaultValue = "false")
                          boolean illegalArgumentIsBadRequest) {
        this.format = format;
        this.illegalArgumentIsBadRequest = illegalArgumentIsBadRequest;
    }

    private Response answer(Problem problem, UriInfo uri) {
        return answer(null, problem, uri);
    }

    /** {@code problem} at the request path, keeping the headers (Allow, WWW-Authenticate...) of {@code original}. */
    private Response answer(Response original, Problem problem, UriInfo uri) {
        Response.ResponseBuilder builder = format.render(uri == null ? problem : problem.at(uri.getPath()));
        if (original != null) {
            original.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                    values.forEach(v -> builder.header(name, v));
                }
            });
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return answer(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response notFoundOrOther(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableBody(json, uri);
        }
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        if (status < 400) {
            return original; // a redirect or other answer thrown on purpose, not an error
        }
        String detail = switch (status) {
            case 404 -> "nothing at " + uri.getPath() + "; see /q/openapi for this service's API";
            case 400 -> e.getMessage() == null ? "the request cannot be read" : e.getMessage();
            default -> e.getMessage() == null ? Problem.title(status) : e.getMessage();
        };
        if (status >= 500) {
            LOG.errorf(e, "request to %s failed with %d", uri.getPath(), status);
        }
        return answer(original, Problem.of(status, detail, null), uri);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri, jakarta.ws.rs.core.Request request) {
        var allowed = e.getResponse().getAllowedMethods();
        return answer(e.getResponse(), Problem.of(405, "method " + request.getMethod() + " is not allowed on "
                + uri.getPath() + (allowed.isEmpty() ? "; see /q/openapi for what it takes" : "; allowed: " + allowed), null), uri);
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri, HttpHeaders headers) {
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return answer(Problem.of(415, "Content-Type " + (type == null ? "(none)" : "'" + type + "'")
                + " is not accepted by " + uri.getPath() + "; see /q/openapi for what it takes", null), uri);
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, UriInfo uri, HttpHeaders headers) {
        return answer(Problem.of(406, uri.getPath() + " cannot answer in any of the accepted types '"
                + headers.getHeaderString(HttpHeaders.ACCEPT) + "'; accept application/json", null), uri);
    }

    /** Declared for the subtype too, because Quarkus maps it itself and the more specific mapper wins. */
    @ServerExceptionMapper(priority = BEFORE_BUILT_IN)
    public Response wrongType(MismatchedInputException e, UriInfo uri) {
        return unreadableBody(e, uri);
    }

    @ServerExceptionMapper(priority = BEFORE_BUILT_IN)
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        String field = fieldPath(e);
        String why;
        if (e instanceof UnrecognizedPropertyException u) {
            why = "unknown field '" + field + "'; known fields: " + u.getKnownPropertyIds();
        } else if (e instanceof InvalidFormatException f && field != null && f.getTargetType() != null
                && f.getTargetType().isEnum()) {
            why = "'" + field + "' must be one of " + List.of(f.getTargetType().getEnumConstants()) + "; got "
                    + f.getValue();
        } else if (e instanceof MismatchedInputException m && field != null && m.getTargetType() != null) {
            why = "'" + field + "' must be " + describe(m.getTargetType()) + " (" + e.getOriginalMessage() + ")";
        } else {
            why = e.getOriginalMessage() + (field == null && e.getLocation() != null && e.getLocation().getLineNr() > 0
                    ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : "");
        }
        return answer(Problem.of(400, "the request body is not valid JSON for this endpoint: " + why, field), uri);
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e, UriInfo uri) {
        if (illegalArgumentIsBadRequest) {
            return answer(Problem.of(400, e.getMessage(), null), uri);
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response objectStore(ObjectStoreException e, UriInfo uri) {
        LOG.warnf(e, "object store call failed during %s", uri.getPath());
        return answer(Problem.of(503, "the object store failed: " + e.getMessage()
                + "; retry when S3 is reachable", null), uri);
    }

    @ServerExceptionMapper
    public Response brokerDidNotAck(EventNotAcknowledgedException e, UriInfo uri) {
        LOG.warnf(e, "event not acknowledged during %s", uri.getPath());
        return answer(Problem.of(503, e.getMessage() + "; retry when the broker is reachable", null), uri);
    }

    @ServerExceptionMapper
    public Response brokerTimeout(io.smallrye.mutiny.TimeoutException e, UriInfo uri) {
        return answer(Problem.of(503, "Kafka did not acknowledge the event in time; nothing was"
                + " changed, retry when the broker is reachable", null), uri);
    }

    /** The last resort: the client learns that it was not its fault, the log gets the stack trace. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected error in %s", uri.getPath());
        return answer(Problem.of(500, "the service failed unexpectedly (" + e.getClass().getSimpleName()
                + "); the service log has the details", null), uri);
    }

    /**
     * The JSON path of the value Jackson stopped at, {@code a.b[2].c}: from the mapping path when data binding
     * failed, else from the parser's position (malformed JSON, stream limits); null at the top level.
     */
    static String fieldPath(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            return path.isEmpty() ? null : path.toString();
        }
        if (e.getProcessor() instanceof JsonParser parser) {
            return contextPath(parser.getParsingContext());
        }
        return null;
    }

    static String contextPath(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String path = String.join("", parts);
        if (path.startsWith(".")) {
            path = path.substring(1);
        }
        return path.isEmpty() ? null : path;
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "a JSON object";
        }
        return "a " + type.getSimpleName();
    }
}
