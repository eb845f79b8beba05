package org.inkflow.crawler.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.inkflow.common.api.ProblemException;
import org.inkflow.common.events.EventJson;
import org.inkflow.crawler.jobs.CrawlJobService;
import org.inkflow.crawler.jobs.CrawlJobStatus;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.crawl.InvalidCrawlJobException;

/** Crawl jobs over REST: create, read one or all, cancel. */
@Path("/crawl-jobs")
@Produces(MediaType.APPLICATION_JSON)
public class CrawlJobResource {

    private final CrawlJobService jobs;

    public CrawlJobResource(CrawlJobService jobs) {
        this.jobs = jobs;
    }

    /** Starts a job; 201 with its status, 400 with a problem naming the field when the request cannot run. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @org.eclipse.microprofile.openapi.annotations.media.Content(
            schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = CrawlJobRequest.class)))
    public Response create(JsonNode body, @Context UriInfo uri) throws JsonProcessingException {
        // Mapped here rather than by the framework, so a wrong type names its field in the problem.
        CrawlJobRequest request = body == null || body.isNull() || body.isMissingNode() ? null
                : EventJson.MAPPER.treeToValue(body, CrawlJobRequest.class);
        if (request == null) {
            throw new InvalidCrawlJobException(null, "the request body is empty; send a JSON crawl job such as"
                    + " {\"source\":\"openmoji\",\"baseUrl\":\"/path/openmoji-17.0.0.tgz\",\"maxImages\":300,\"size\":64}");
        }
        CrawlSpec spec = jobs.prepare(null, request.source(), request.baseUrl(), request.tags(), request.rating(),
                request.maxImages(), request.requestsPerSecond(), request.size(), null);
        CrawlJobStatus status = jobs.submit(spec);
        return Response.created(uri.getAbsolutePathBuilder().path(status.id()).build()).entity(status).build();
    }

    @GET
    public List<CrawlJobStatus> list() {
        return jobs.list();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return Response.ok(jobs.get(id).orElseThrow(() -> notFound(id))).build();
    }

    /** Cancels a queued or running job (200 with its status); a job that already ended is returned unchanged. */
    @DELETE
    @Path("/{id}")
    public Response cancel(@PathParam("id") String id) {
        return Response.ok(jobs.cancel(id).orElseThrow(() -> notFound(id))).build();
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("no crawl job '" + id + "'; GET /crawl-jobs lists them");
    }
}
