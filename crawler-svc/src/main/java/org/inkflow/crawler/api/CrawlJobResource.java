package org.inkflow.crawler.api;

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
import org.inkflow.crawler.jobs.CrawlJobService;
import org.inkflow.crawler.jobs.CrawlJobStatus;
import org.inkflow.crawler.jobs.CrawlSpec;
import org.inkflow.crawler.jobs.InvalidCrawlJobException;

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
    public Response create(CrawlJobRequest request, @Context UriInfo uri) {
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
        return jobs.get(id).map(s -> Response.ok(s).build()).orElseGet(() -> notFound(id));
    }

    /** Cancels a queued or running job (200 with its status); a job that already ended is returned unchanged. */
    @DELETE
    @Path("/{id}")
    public Response cancel(@PathParam("id") String id) {
        return jobs.cancel(id).map(s -> Response.ok(s).build()).orElseGet(() -> notFound(id));
    }

    private static Response notFound(String id) {
        return Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity(new Problem("no crawl job '" + id + "'; GET /crawl-jobs lists them", 404, null)).build();
    }
}
