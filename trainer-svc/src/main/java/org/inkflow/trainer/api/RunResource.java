package org.inkflow.trainer.api;

import jakarta.annotation.security.RolesAllowed;
import org.inkflow.common.auth.Roles;
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
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.inkflow.common.api.ProblemException;
import org.inkflow.common.messaging.WorkEnd;
import org.inkflow.trainer.config.TrainerConfig;
import org.inkflow.trainer.runs.RunNotFoundException;
import org.inkflow.trainer.runs.RunScheduler;
import org.inkflow.trainer.runs.RunStatus;
import org.inkflow.trainer.runs.RunSubmission;

/**
 * Training runs over REST, on any replica (ADR 0028): start one (or a search: 202, QUEUED in S3 and a run record
 * keyed by its id, which the owner of its partition trains), list them, look at one (from S3, or live on the replica
 * training it), stop one (a cancel record that reaches the owner).
 */
@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final RunScheduler scheduler;
    private final Duration cancelWait;

    public RunResource(RunScheduler scheduler, TrainerConfig config) {
        this.scheduler = scheduler;
        this.cancelWait = config.cancelWait();
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue a training run or a hyperparameter search on a dataset version (202; 200 for a known runId)")
    public Response start(RunRequest request) {
        if (request == null) {
            throw ProblemException.badRequest(null, "a run request needs a JSON body with datasetName and datasetVersion");
        }
        RunScheduler.Submitted s = scheduler.submit(new RunSubmission(request.runId(), request.datasetName(),
                request.datasetVersion(), request.modelName(), request.hyperparameters(), request.search(), request.mode()));
        return Response.status(s.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/runs/" + s.status().id)).entity(s.view()).build();
    }

    @GET
    @Operation(summary = "Every run, newest first (search trials included, with their parentId)")
    public List<JsonNode> list() {
        return scheduler.list().stream().map(RunResource::view).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A run's state, step, losses, checkpoints and exported model version")
    public JsonNode get(@PathParam("id") String id) {
        return view(scheduler.get(id).orElseThrow(() -> new RunNotFoundException(id)));
    }

    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stop a run wherever it trains: a queued one at once, a running one after its current step"
            + " (200 once stopped, within inkflow.trainer.cancel-wait; else 202: the cancel is on its way to the owner)")
    public Response stop(@PathParam("id") String id) {
        scheduler.stop(id);
        RunStatus now = WorkEnd.await(() -> scheduler.get(id), RunResource::ended, cancelWait)
                .orElseThrow(() -> new RunNotFoundException(id));
        return (ended(now) ? Response.ok(view(now)) : Response.accepted(view(now))).build();
    }

    private static boolean ended(RunStatus s) {
        synchronized (s) {
            return s.state.terminal();
        }
    }

    static JsonNode view(RunStatus status) {
        return RunScheduler.snapshot(status);
    }
}
