package org.inkflow.inference.api;

import jakarta.annotation.security.RolesAllowed;
import org.inkflow.common.auth.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.inkflow.inference.config.InferenceConfig;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.inkflow.inference.serving.ModelDescription;
import org.inkflow.inference.serving.ServedModel;
import org.inkflow.inference.service.ColorizerService;
import org.inkflow.inference.service.RejectedRequestException;
import org.inkflow.inference.service.TensorContract;

/**
 * The Open Inference Protocol (KServe v2) over REST: health, server and model metadata, and inference on JSON
 * tensors ({@code line_art} FP32 {@code [N,H,W,1]} in, {@code rgb} FP32 {@code [N,H,W,3]} out). Errors are the
 * protocol's {@code {"error": "..."}}, not the platform's problem+json (see {@link ErrorResponses}).
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Open Inference Protocol v2")
public class V2Resource {

    /** What {@code GET /v2/models/{name}} calls the platform. */
    public static final String PLATFORM = TensorContract.PLATFORM;

    private final ColorizerService service;
    private final InferenceMetrics metrics;
    private final InferenceConfig.Limits limits;
    private final String serverVersion;

    public V2Resource(ColorizerService service, InferenceMetrics metrics, InferenceConfig config,
                      @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String serverVersion) {
        this.service = service;
        this.metrics = metrics;
        this.limits = config.limits();
        this.serverVersion = serverVersion;
    }

    @GET
    @Path("/health/live")
    @Operation(summary = "Liveness: 200 while the server runs")
    public Map<String, Object> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    @Operation(summary = "Readiness: 200 once a model version is loaded, else 503")
    public Response ready() {
        boolean ready = service.ready();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
    }

    @GET
    @Operation(summary = "Server metadata: name, version, extensions")
    public Map<String, Object> server() {
        return Map.of("name", TensorContract.SERVER_NAME, "version", serverVersion,
                "extensions", List.of(TensorJson.BINARY_EXTENSION));
    }

    @RolesAllowed(Roles.CONSUMER)
    @GET
    @Path("/models/{name}")
    @Operation(summary = "Model metadata: versions, platform, input and output tensors")
    public Map<String, Object> model(@PathParam("name") String name) {
        checkName(name);
        return metadata(name, service.registry().versions(), null);
    }

    @RolesAllowed(Roles.CONSUMER)
    @GET
    @Path("/models/{name}/versions/{version}")
    @Operation(summary = "Metadata of one loaded version")
    public Map<String, Object> modelVersion(@PathParam("name") String name, @PathParam("version") String version) {
        checkName(name);
        kept(version);
        return metadata(name, List.of(version), version);
    }

    @GET
    @Path("/models/{name}/ready")
    @Operation(summary = "Model readiness: 200 when a version serves, else 503")
    public Response modelReady(@PathParam("name") String name) {
        checkName(name);
        boolean ready = service.ready();
        return Response.status(ready ? 200 : 503).entity(Map.of("name", name, "ready", ready)).build();
    }

    @GET
    @Path("/models/{name}/versions/{version}/ready")
    @Operation(summary = "Readiness of one version: 200 when it is loaded, 404 when not")
    public Map<String, Object> versionReady(@PathParam("name") String name, @PathParam("version") String version) {
        checkName(name);
        kept(version);
        return Map.of("name", name, "version", version, "ready", true);
    }

    @RolesAllowed(Roles.CONSUMER)
    @POST
    @Path("/models/{name}/infer")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Blocking
    @Operation(summary = "Colorize line art on the serving version: line_art FP32 [N,H,W,1] in, rgb FP32 [N,H,W,3] out")
    public CompletionStage<Response> infer(@PathParam("name") String name,
                                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                                           @HeaderParam(TensorJson.HEADER_LENGTH) String jsonLength,
                                           InputStream body) {
        return run(name, null, contentLength, jsonLength, body);
    }

    @RolesAllowed(Roles.CONSUMER)
    @POST
    @Path("/models/{name}/versions/{version}/infer")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Blocking
    @Operation(summary = "Colorize line art on one loaded version")
    public CompletionStage<Response> inferVersion(@PathParam("name") String name, @PathParam("version") String version,
                                                  @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                                                  @HeaderParam(TensorJson.HEADER_LENGTH) String jsonLength,
                                                  InputStream body) {
        return run(name, version, contentLength, jsonLength, body);
    }

    private CompletionStage<Response> run(String name, String version, String contentLength, String jsonLength,
                                          InputStream body) {
        try {
            checkName(name);
            BoundedBody.checkDeclaredLength(contentLength, limits.maxRequestBytes(), "inkflow.inference.limits.max-request-bytes");
            TensorJson.Parsed request;
            try (InputStream in = new BoundedBody(body, limits.maxRequestBytes(), "inkflow.inference.limits.max-request-bytes")) {
                request = TensorJson.read(in, headerLength(jsonLength));
            }
            return service.infer(name, version, request.tensor()).handle((r, error) -> {
                if (error != null) {
                    return failure(error);
                }
                if (!request.binaryOutput()) {
                    return Response.ok((StreamingOutput) out -> TensorJson.write(r, out), MediaType.APPLICATION_JSON_TYPE).build();
                }
                try {
                    byte[] header = TensorJson.binaryHeader(r);
                    return Response.ok((StreamingOutput) out -> TensorJson.writeBinary(header, r, out),
                                    MediaType.APPLICATION_OCTET_STREAM_TYPE)
                            .header(TensorJson.HEADER_LENGTH, header.length).build();
                } catch (IOException e) {
                    return failure(e);
                }
            });
        } catch (RuntimeException | IOException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
    }

    /** The binary extension's JSON length, -1 without the header; anything but a non-negative integer is a 400. */
    private static long headerLength(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.trim());
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new RejectedRequestException(400, "bad_request", TensorJson.HEADER_LENGTH + " must be the byte length of"
                + " the body's JSON part, a non-negative integer; got '" + value + "'");
    }

    private Response failure(Throwable error) {
        return ErrorResponses.of(ErrorResponses.V2, error, metrics, limits.retryAfterSeconds());
    }

    private void checkName(String name) {
        if (!service.modelName().equals(name)) {
            throw new RejectedRequestException(404, "unknown_model", "unknown model '" + name
                    + "'; this server serves '" + service.modelName() + "'");
        }
    }

    private ServedModel kept(String version) {
        return service.registry().kept(version).orElseThrow(() -> new RejectedRequestException(404,
                "unknown_version", "model '" + service.modelName() + "' has no loaded version '" + version
                + "'; loaded versions: " + service.registry().versions()));
    }

    private Map<String, Object> metadata(String name, List<String> versions, String version) {
        List<Map<String, Object>> inputs = new java.util.ArrayList<>();
        inputs.add(Map.of("name", TensorJson.INPUT, "datatype", TensorJson.DATATYPE, "shape", List.of(-1, -1, -1, 1)));
        if (service.takesHints(version)) {
            // A hint model's optional second input: R, G, B and a mask (1 where a hint is), the line art's N, H, W.
            inputs.add(Map.of("name", TensorContract.HINTS, "datatype", TensorJson.DATATYPE,
                    "shape", List.of(-1, -1, -1, TensorContract.HINT_CHANNELS), "optional", true));
        }
        ModelDescription d = service.registry().current().map(ServedModel::description).orElse(null);
        long multiple = d == null ? -1 : d.sizeMultiple();
        return Map.of(
                "name", name,
                "versions", versions,
                "platform", PLATFORM,
                "inputs", inputs,
                "outputs", List.of(Map.of("name", TensorJson.OUTPUT, "datatype", TensorJson.DATATYPE,
                        "shape", List.of(-1, -1, -1, 3))),
                "parameters", Map.of("size_multiple", multiple, "image_size", d == null ? -1 : d.imageSize()));
    }
}
