package org.inkflow.crawler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.inkflow.crawler.jobs.CrawlerStoppingException;
import org.inkflow.crawler.jobs.InvalidCrawlJobException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns errors into JSON problems ({@link Problem}) instead of empty or HTML bodies. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response invalidJob(InvalidCrawlJobException e) {
        return problem(400, e.getMessage(), e.field());
    }

    /** Wrong types ({@code "maxImages": "many"}); declared separately to win over the built-in mapper for it. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response wrongType(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response badJson(JsonProcessingException e) {
        String field = null;
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            field = m.getPath().get(m.getPath().size() - 1).getFieldName();
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null && field != null) {
            return problem(400, "the body is not a valid crawl job: '" + field + "' must be "
                    + article(m.getTargetType().getSimpleName()) + " (" + e.getOriginalMessage() + ")", field);
        }
        return problem(400, "the body is not a valid crawl job: " + e.getOriginalMessage(), field);
    }

    @ServerExceptionMapper
    public Response shuttingDown(CrawlerStoppingException e) {
        return problem(503, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return badJson(json);
        }
        return problem(status, e.getMessage() == null ? "HTTP " + status : e.getMessage(), null);
    }

    private static String article(String type) {
        return switch (type) {
            case "Integer", "Long" -> "a whole number";
            case "Double", "Float" -> "a number";
            case "List" -> "a JSON array";
            case "String" -> "a string";
            default -> "a " + type;
        };
    }

    private static Response problem(int status, String message, String field) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new Problem(message, status, field)).build();
    }
}
