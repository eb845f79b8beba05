package org.inkflow.crawler.api;

import jakarta.annotation.security.RolesAllowed;
import org.inkflow.common.auth.Roles;
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

/**
 * Crawl jobs over REST, answered by any replica: a new job is saved QUEUED and put on the crawl-jobs topic (202), the
 * replica owning its partition runs it; status is read from S3; a cancel is a record that reaches the job's owner.
 */
@Path("/crawl-jobs")
@Produces(MediaType.APPLICATION_JSON)
public class CrawlJobResource {

    private final CrawlJobService jobs;

    public CrawlJobResource(CrawlJobService jobs) {
        this.jobs = jobs;
    }

    /**
     * Queues a job: 202 with its QUEUED status and its URL in {@code Location}, 400 with a problem naming the field
     * when the request cannot run, 503 when the broker does not take the job's record.
     */
    @RolesAllowed(Roles.OPERATOR)
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
        return Response.accepted(status).location(uri.getAbsolutePathBuilder().path(status.id()).build()).build();
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

    /**
     * Cancels a queued or running job wherever it runs: 200 with its status once it has ended (within
     * {@code inkflow.crawler.cancel-wait}, 5 s by default, or before the call), else 202 with its status as it is:
     * the cancel is on its way to the job's owner.
     */
    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("/{id}")
    public Response cancel(@PathParam("id") String id) {
        CrawlJobStatus status = jobs.cancel(id).orElseThrow(() -> notFound(id));
        return (status.state().terminal() ? Response.ok(status) : Response.accepted(status)).build();
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("no crawl job '" + id + "'; GET /crawl-jobs lists them");
    }
}
