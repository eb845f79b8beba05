package org.inkflow.cleaner.api;

import jakarta.annotation.security.RolesAllowed;
import org.inkflow.common.auth.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.inkflow.cleaner.config.CleanerConfig;
import org.inkflow.cleaner.datasets.DatasetBuilder;
import org.inkflow.cleaner.datasets.DatasetRequestException;
import org.inkflow.cleaner.datasets.DatasetRequests;
import org.inkflow.cleaner.datasets.DatasetSpec;
import org.inkflow.common.artifacts.DatasetStatus;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.storage.ObjectStore;

/** Dataset snapshots: request a build, list datasets and versions, read a version's status, manifest and preview. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    /** A dataset and its versions, oldest first. */
    public record DatasetVersions(String name, List<DatasetStatus> versions) {
    }

    /** The answer while the build is queued and its owner has not written the version's status yet. */
    public record QueuedBuild(String name, String state, String fingerprint) {
    }

    private final DatasetBuilder builder;
    private final DatasetRequests requests;
    private final ObjectStore store;
    private final CleanerConfig config;

    public DatasetResource(DatasetBuilder builder, DatasetRequests requests, ObjectStore store, CleanerConfig config) {
        this.builder = builder;
        this.requests = requests;
        this.store = store;
        this.config = config;
    }

    /**
     * Plans a snapshot and has the replica owning the dataset's build record build it: 202 with its name, version and
     * state (BUILDING, the state of the identical version when the same request over the same samples was built
     * before, or the version of this name being built now), or 202 QUEUED with a Location of the dataset when the
     * owner has not written the version within {@code inkflow.cleaner.datasets.request-wait}.
     */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DatasetRequest.class))) JsonNode body) {
        DatasetSpec spec = DatasetRequest.parse(body).toSpec(config);
        DatasetRequests.Submitted submitted = requests.submit(spec);
        if (submitted.status().isEmpty()) {
            return Response.accepted(new QueuedBuild(submitted.name(), "QUEUED", submitted.fingerprint()))
                    .location(URI.create("/datasets/" + submitted.name())).build();
        }
        DatasetStatus status = submitted.status().get();
        return Response.accepted(status)
                .location(URI.create("/datasets/" + status.name() + "/versions/" + status.version())).build();
    }

    @GET
    public List<DatasetVersions> list() {
        return builder.names().stream().filter(n -> DatasetSpec.NAME.matcher(n).matches())
                .map(n -> new DatasetVersions(n, builder.versions(n))).toList();
    }

    @GET
    @Path("/{name}")
    public DatasetVersions versions(@PathParam("name") String name) {
        checkName(name);
        List<DatasetStatus> versions = builder.versions(name);
        if (versions.isEmpty()) {
            throw DatasetRequestException.notFound("no dataset named '" + name + "'; GET /datasets lists them");
        }
        return new DatasetVersions(name, versions);
    }

    @GET
    @Path("/{name}/versions/{version}")
    public DatasetStatus version(@PathParam("name") String name, @PathParam("version") String version) {
        checkName(name);
        checkVersion(version);
        return builder.status(name, version).orElseThrow(() -> DatasetRequestException.notFound(
                "dataset '" + name + "' has no version '" + version + "'; GET /datasets/" + name + " lists its versions"));
    }

    /** The same as {@code /{name}/versions/{version}}. */
    @GET
    @Path("/{name}/{version}")
    public DatasetStatus versionShort(@PathParam("name") String name, @PathParam("version") String version) {
        return version(name, version);
    }

    @GET
    @Path("/{name}/versions/{version}/manifest.json")
    public Response manifest(@PathParam("name") String name, @PathParam("version") String version) {
        return published(name, version, Keys.datasetManifest(name, version), MediaType.APPLICATION_JSON);
    }

    @GET
    @Path("/{name}/versions/{version}/preview.png")
    @Produces("image/png")
    public Response preview(@PathParam("name") String name, @PathParam("version") String version) {
        return published(name, version, Keys.datasetPreview(name, version), "image/png");
    }

    private Response published(String name, String version, String key, String type) {
        DatasetStatus status = version(name, version);
        if (status.state() != DatasetStatus.State.PUBLISHED) {
            throw new DatasetRequestException(409, null, "dataset '" + name + "' version '" + version + "' is "
                    + status.state() + (status.error() == null ? "; try again once it is PUBLISHED" : ": " + status.error()));
        }
        return Response.ok(store.get(key), type).build();
    }

    private static void checkName(String name) {
        if (!DatasetSpec.NAME.matcher(name).matches()) {
            throw DatasetRequestException.badField("name", "dataset name '" + name + "' must match " + DatasetSpec.NAME.pattern());
        }
    }

    private static void checkVersion(String version) {
        if (!DatasetBuilder.VERSION.matcher(version).matches()) {
            throw DatasetRequestException.badField("version", "version '" + version + "' must look like 20260101T120000Z-0123456789ab");
        }
    }
}
