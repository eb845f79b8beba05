package org.inkflow.evaluator.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.storage.ObjectNotFoundException;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.evaluator.registry.ModelNames;
import org.inkflow.evaluator.registry.UnknownModelException;
import org.inkflow.evaluator.storage.WriteOnceObjects;

/**
 * Serves the reports from S3: {@code GET /evaluations/{name}/{version}/report.html} and the PNG files beside it,
 * under the same relative names the page uses.
 */
@Path("/evaluations")
public class EvaluationResource {

    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.(html|png|json)");

    private final ObjectStore store;

    public EvaluationResource(ObjectStore store) {
        this.store = store;
    }

    @GET
    @Path("/{name}/{version}/{file}")
    public Response file(@PathParam("name") String name, @PathParam("version") String version,
                         @PathParam("file") String file) {
        ModelNames.requireName(name, "model name");
        ModelNames.requireName(version, "version");
        if (!FILE.matcher(file).matches() || file.contains("..")) {
            throw new IllegalArgumentException("'" + file + "' is not a report file name; reports hold report.html,"
                    + " status.json and *.png");
        }
        String key = Keys.evaluationDir(name, version) + file;
        try {
            return Response.ok(store.get(key), WriteOnceObjects.contentType(file)).build();
        } catch (ObjectNotFoundException e) {
            throw new UnknownModelException("no " + file + " in the evaluation of " + name + " " + version
                    + " (s3 key " + key + ")");
        }
    }
}
