package org.inkflow.inference.api;

import jakarta.annotation.security.RolesAllowed;
import org.inkflow.common.auth.Roles;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.inkflow.inference.drift.DriftMonitor;
import org.inkflow.inference.drift.InputStatistics;
import org.inkflow.inference.serving.ModelDescription;
import org.inkflow.inference.serving.ServedModel;
import org.inkflow.inference.service.ColorizerService;
import org.inkflow.inference.service.RejectedRequestException;

/** The serving model's card (for the page and for people) and the live input drift against its training data. */
@RolesAllowed(Roles.CONSUMER)
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Model card and drift")
public class ModelInfoResource {

    private final ColorizerService service;

    public ModelInfoResource(ColorizerService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "The model this server serves, its serving version and the versions it keeps loaded")
    public Map<String, Object> models() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", service.modelName());
        model.put("ready", service.ready());
        model.put("servingVersion", service.registry().current().map(ServedModel::version).orElse(null));
        model.put("keptVersions", service.registry().versions());
        return Map.of("models", List.of(model));
    }

    @GET
    @Path("/{name}/card")
    @Operation(summary = "The model card of the serving version (or ?version= a kept one), with what this server holds")
    public Map<String, Object> card(@PathParam("name") String name, @QueryParam("version") String version) {
        ServedModel model = model(name, version);
        ModelDescription d = model.description();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", d.name());
        out.put("version", d.version());
        out.put("serving", service.registry().current().map(m -> m == model).orElse(false));
        out.put("location", d.location());
        out.put("loadedAt", model.loadedAt().toString());
        out.put("keptVersions", service.registry().versions());
        out.put("card", d.card());
        // Whether the model takes color hints (its SavedModel's signature has the 'hints' input): the page offers them.
        out.put("hints", model.predictor().takesHints());
        return out;
    }

    @GET
    @Path("/{name}/drift")
    @Operation(summary = "Live input statistics against the serving version's training statistics (PSI)")
    public Map<String, Object> drift(@PathParam("name") String name) {
        if (!service.modelName().equals(name)) {
            throw unknown(name);
        }
        DriftMonitor.DriftReport r = service.drift().report();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", name);
        out.put("version", service.registry().current().map(ServedModel::version).orElse(null));
        out.put("method", r.method());
        out.put("score", finite(r.score()));
        out.put("images", r.images());
        out.put("observed", r.observed());
        out.put("window", r.window());
        out.put("live", stats(r.live()));
        out.put("training", stats(r.training()));
        return out;
    }

    private ServedModel model(String name, String version) {
        if (!service.modelName().equals(name)) {
            throw unknown(name);
        }
        if (version == null || version.isBlank()) {
            return service.registry().current().orElseThrow(() -> new RejectedRequestException(503, "not_ready",
                    "model '" + name + "' is not loaded yet; no version has been promoted or loading is in progress"));
        }
        return service.registry().kept(version).orElseThrow(() -> new RejectedRequestException(404, "unknown_version",
                "model '" + name + "' has no loaded version '" + version + "'; loaded: " + service.registry().versions()));
    }

    private RejectedRequestException unknown(String name) {
        return new RejectedRequestException(404, "unknown_model", "unknown model '" + name + "'; this server serves '"
                + service.modelName() + "'");
    }

    private static Map<String, Object> stats(InputStatistics s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mean", finite(s.mean()));
        out.put("std", finite(s.std()));
        out.put("lineDensity", finite(s.lineDensity()));
        out.put("histogram", java.util.Arrays.stream(s.histogram()).boxed().toList());
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
