package org.inkflow.cleaner.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.inkflow.cleaner.datasets.DatasetRequestException;
import org.inkflow.cleaner.samples.RejectionRecord;
import org.inkflow.cleaner.samples.SampleCatalog;
import org.inkflow.common.artifacts.Keys;
import org.inkflow.cleaner.samples.SampleMeta;
import org.inkflow.cleaner.samples.StoredJson;
import org.inkflow.common.storage.ObjectStore;

/** What became of raw images: counts, and one image's sample metadata or rejection. */
@Path("/samples")
@Produces(MediaType.APPLICATION_JSON)
public class SampleResource {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The counts plus whether the catalog has finished loading from S3 (until then they are partial). */
    public record SampleStats(boolean loaded, int accepted, int rejected, java.util.Map<String, Integer> acceptedBySplit,
                              java.util.Map<String, Integer> rejectedByRule) {
    }

    /** One raw image's outcome: {@code meta} when accepted, {@code rejection} when not. */
    public record SampleOutcome(String sha256, String outcome, SampleMeta meta, RejectionRecord rejection) {
    }

    private final SampleCatalog catalog;
    private final ObjectStore store;

    public SampleResource(SampleCatalog catalog, ObjectStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    @GET
    @Path("/stats")
    public SampleStats stats() {
        SampleCatalog.Stats s = catalog.stats();
        return new SampleStats(catalog.isReady(), s.accepted(), s.rejected(), s.acceptedBySplit(), s.rejectedByRule());
    }

    @GET
    @Path("/{sha256}")
    public SampleOutcome sample(@PathParam("sha256") String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw DatasetRequestException.badField("sha256", "'" + sha256 + "' is not a sha256 (64 lower-case hex digits)");
        }
        if (store.exists(Keys.sampleMeta(sha256))) {
            return new SampleOutcome(sha256, "accepted", StoredJson.read(store.get(Keys.sampleMeta(sha256)), SampleMeta.class), null);
        }
        if (store.exists(Keys.sampleRejected(sha256))) {
            return new SampleOutcome(sha256, "rejected", null, StoredJson.read(store.get(Keys.sampleRejected(sha256)), RejectionRecord.class));
        }
        throw DatasetRequestException.notFound("no sample or rejection for raw image " + sha256
                + " (not consumed yet, or never crawled)");
    }
}
