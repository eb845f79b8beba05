package org.inkflow.cleaner.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.regex.Pattern;
import org.inkflow.cleaner.datasets.DatasetRequestException;
import org.inkflow.cleaner.samples.SampleCatalog;
import org.inkflow.common.artifacts.RejectionRecord;
import org.inkflow.common.artifacts.SampleMeta;

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

    public SampleResource(SampleCatalog catalog) {
        this.catalog = catalog;
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
        Optional<SampleMeta> meta = catalog.storedMeta(sha256);
        if (meta.isPresent()) {
            return new SampleOutcome(sha256, "accepted", meta.get(), null);
        }
        Optional<RejectionRecord> rejection = catalog.storedRejection(sha256);
        if (rejection.isPresent()) {
            return new SampleOutcome(sha256, "rejected", null, rejection.get());
        }
        throw DatasetRequestException.notFound("no sample or rejection for raw image " + sha256
                + " (not consumed yet, or never crawled)");
    }
}
