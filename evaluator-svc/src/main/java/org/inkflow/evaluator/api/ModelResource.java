package org.inkflow.evaluator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import org.inkflow.common.auth.Roles;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import io.quarkus.security.identity.SecurityIdentity;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.evaluator.metrics.EvaluatorMeters;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.logging.Logger;
import org.inkflow.evaluator.evaluation.EnsembleService;
import org.inkflow.evaluator.promotion.PromotionService;
import org.inkflow.evaluator.registry.ModelNames;
import org.inkflow.evaluator.registry.ModelRegistry;
import org.inkflow.evaluator.registry.ModelVersion;
import org.inkflow.evaluator.registry.UnknownModelException;
import org.inkflow.evaluator.registry.VersionState;

/**
 * The model registry over REST: models, versions with their evaluations, promotion, rollback and ensembles. A request
 * body is checked by itself (unknown fields, wrong types: {@link RequestFields#read}; names and required fields:
 * the request records) before the model it names is looked up, so a malformed body is a 400 naming
 * the field whether or not the model exists.
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private static final Logger LOG = Logger.getLogger(ModelResource.class);

    private final ModelRegistry registry;
    private final PromotionService promotions;
    private final EnsembleService ensembles;
    private final EvaluatorMeters meters;
    private final SecurityIdentity caller;

    public ModelResource(ModelRegistry registry, PromotionService promotions, EnsembleService ensembles,
                         EvaluatorMeters meters, SecurityIdentity caller) {
        this.registry = registry;
        this.promotions = promotions;
        this.ensembles = ensembles;
        this.meters = meters;
        this.caller = caller;
    }

    @GET
    public List<ModelSummary> models() {
        return registry.models().stream().map(name -> {
            List<ModelVersion> versions = registry.versions(name);
            return new ModelSummary(name, registry.aliases(name), versions.size(),
                    versions.isEmpty() ? null : versions.get(versions.size() - 1).version());
        }).toList();
    }

    @GET
    @Path("/{name}/versions")
    public List<VersionView> versions(@PathParam("name") String name) {
        requireModel(name);
        Map<String, String> aliases = registry.aliases(name);
        return registry.versions(name).stream().map(v -> VersionView.of(v, aliases, false)).toList();
    }

    @GET
    @Path("/{name}/versions/{version}")
    public VersionView version(@PathParam("name") String name, @PathParam("version") String version) {
        return VersionView.of(requireVersion(name, version), registry.aliases(name), true);
    }

    /** The version's report page (a redirect, so its relative image links resolve). */
    @GET
    @Path("/{name}/versions/{version}/report")
    public Response report(@PathParam("name") String name, @PathParam("version") String version) {
        ModelVersion v = requireVersion(name, version);
        if (v.reportKey() == null) {
            throw new UnknownModelException("version " + version + " of " + name + " has no report (state "
                    + v.state() + (v.error() == null ? "" : ": " + v.error()) + ")");
        }
        return Response.seeOther(URI.create("/" + v.reportKey())).build();
    }

    @GET
    @Path("/{name}/promotions")
    public PromotionsView promotions(@PathParam("name") String name) {
        requireModel(name);
        return new PromotionsView(name, registry.aliases(name), registry.history(name).history());
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{name}/promote")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModelPromotion promote(@PathParam("name") String name,
                                  @RequestBody(content = @Content(schema = @Schema(implementation = PromoteRequest.class)))
                                  JsonNode body) throws JsonProcessingException {
        ModelNames.requireName(name, "model name");
        PromoteRequest request = PromoteRequest.checked(RequestFields.read(body, PromoteRequest.class),
                promotions.defaultAlias());
        requireModel(name);
        boolean force = Boolean.TRUE.equals(request.force());
        ModelPromotion promotion = promotions.promote(name, request.version(), request.alias(), force,
                PromotionService.ACTION_PROMOTE);
        if (force) {
            // force may put a version the gates rejected into production: who did it must be on record.
            LOG.warnf("forced promotion: %s version %s to alias %s by %s", name, request.version(),
                    promotion.alias(), caller.getPrincipal().getName());
            meters.forcedPromotion(name);
        }
        return promotion;
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{name}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModelPromotion rollback(@PathParam("name") String name,
                                   @RequestBody(content = @Content(schema = @Schema(implementation = RollbackRequest.class)))
                                   JsonNode body) throws JsonProcessingException {
        ModelNames.requireName(name, "model name");
        String alias = RollbackRequest.checkedAlias(RequestFields.read(body, RollbackRequest.class));
        requireModel(name);
        return promotions.rollback(name, alias);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{name}/ensembles")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response ensemble(@PathParam("name") String name,
                             @RequestBody(content = @Content(schema = @Schema(implementation = EnsembleRequest.class)))
                             JsonNode body) throws JsonProcessingException {
        ModelNames.requireName(name, "model name");
        EnsembleRequest request = EnsembleRequest.checked(RequestFields.read(body, EnsembleRequest.class));
        requireModel(name);
        EnsembleService.Requested r = ensembles.request(name, request.members(), request.top(),
                request.datasetName(), request.datasetVersion());
        VersionState state = r.existing().map(ModelVersion::state).orElse(VersionState.EVALUATING);
        String status = "/models/" + name + "/versions/" + r.candidate().version();
        return Response.accepted(new EnsembleAccepted(name, r.candidate().version(), r.candidate().members(),
                r.candidate().location(), state, status)).location(URI.create(status)).build();
    }

    private void requireModel(String name) {
        ModelNames.requireName(name, "model name");
        if (!registry.models().contains(name)) {
            throw new UnknownModelException("no model named '" + name + "'; known models: " + registry.models());
        }
    }

    private ModelVersion requireVersion(String name, String version) {
        requireModel(name);
        return registry.version(name, ModelNames.requireName(version, "version")).orElseThrow(() ->
                new UnknownModelException("model " + name + " has no version '" + version + "'; known versions: "
                        + registry.versions(name).stream().map(ModelVersion::version).toList()));
    }
}
