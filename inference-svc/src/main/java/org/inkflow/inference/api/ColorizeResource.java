package org.inkflow.inference.api;

import jakarta.annotation.security.RolesAllowed;
import org.inkflow.common.auth.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.inkflow.inference.config.InferenceConfig;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.inkflow.inference.service.ColorizerService;
import org.inkflow.inference.service.RejectedRequestException;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /colorize}: a PNG or JPEG drawing in (raw body or multipart), a PNG of the same width and height out;
 * the headers say which model version colored it.
 */
@RolesAllowed(Roles.CONSUMER)
@Path("/colorize")
@Tag(name = "Colorize")
public class ColorizeResource {

    public static final String MODEL_HEADER = "X-Inkflow-Model";
    public static final String VERSION_HEADER = "X-Inkflow-Model-Version";
    private static final String LIMIT = "inkflow.inference.limits.max-image-bytes";
    /** The multipart form's parts: the drawing, and optional color hints (transparent = no hint). */
    public static final String IMAGE_PART = "image";
    public static final String HINTS_PART = "hints";

    private final ColorizerService service;
    private final InferenceMetrics metrics;
    private final InferenceConfig.Limits limits;

    public ColorizeResource(ColorizerService service, InferenceMetrics metrics, InferenceConfig config) {
        this.service = service;
        this.metrics = metrics;
        this.limits = config.limits();
    }

    @POST
    @Consumes({"image/png", "image/jpeg", MediaType.APPLICATION_OCTET_STREAM})
    @Produces({"image/png", MediaType.APPLICATION_JSON})
    @Blocking
    @Operation(summary = "Colorize a drawing sent as the raw body (PNG or JPEG); answers a PNG of the same size")
    public CompletionStage<Response> colorize(@QueryParam("version") String version,
                                              @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                                              InputStream body) {
        try {
            long limit = limits.maxImageBytes();
            BoundedBody.checkDeclaredLength(contentLength, limit, LIMIT);
            return run(BoundedBody.readAll(body, limit, LIMIT), version);
        } catch (RuntimeException | IOException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({"image/png", MediaType.APPLICATION_JSON})
    @Blocking
    @Operation(summary = "Colorize a drawing sent as multipart/form-data: part 'image' (or the first file part) and an"
            + " optional part 'hints', a PNG of the drawing's size whose opaque pixels are color hints")
    public CompletionStage<Response> colorizeForm(@QueryParam("version") String version,
                                                  @RestForm(FileUpload.ALL) List<FileUpload> files) {
        try {
            if (files == null || files.isEmpty()) {
                throw new RejectedRequestException(400, "empty", "the form has no file; send the drawing as a file part,"
                        + " e.g. curl -F image=@drawing.png");
            }
            FileUpload hints = files.stream().filter(f -> HINTS_PART.equals(f.name())).findFirst().orElse(null);
            FileUpload image = files.stream().filter(f -> IMAGE_PART.equals(f.name())).findFirst()
                    .orElse(files.stream().filter(f -> f != hints).findFirst().orElse(null));
            if (image == null) {
                throw new RejectedRequestException(400, "empty", "the form has only a 'hints' part; send the drawing"
                        + " as the part 'image', e.g. curl -F image=@drawing.png -F hints=@hints.png");
            }
            return run(read(image), hints == null ? null : read(hints), version);
        } catch (RuntimeException | IOException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
    }

    private byte[] read(FileUpload file) throws IOException {
        long limit = limits.maxImageBytes();
        if (file.size() > limit) {
            throw new RejectedRequestException(413, "too_large", "the uploaded part '" + file.name() + "' is "
                    + file.size() + " bytes; the limit is " + limit + " bytes (" + LIMIT + ")");
        }
        return Files.readAllBytes(file.uploadedFile());
    }

    private CompletionStage<Response> run(byte[] image, String version) {
        return run(image, null, version);
    }

    private CompletionStage<Response> run(byte[] image, byte[] hints, String version) {
        return service.colorize(image, hints, version).handle((r, error) -> error == null
                ? Response.ok(r.png(), "image/png")
                        .header(MODEL_HEADER, r.modelName())
                        .header(VERSION_HEADER, r.modelVersion())
                        .build()
                : failure(error));
    }

    private Response failure(Throwable error) {
        return ErrorResponses.of("/colorize", error, metrics, limits.retryAfterSeconds());
    }
}
