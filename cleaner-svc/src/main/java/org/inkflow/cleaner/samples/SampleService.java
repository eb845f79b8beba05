package org.inkflow.cleaner.samples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.inkflow.cleaner.dedup.ClaimLog;
import org.inkflow.cleaner.dedup.HashClaims;
import org.inkflow.cleaner.filters.NearDuplicateFilter;
import org.inkflow.cleaner.filters.Rejection;
import org.inkflow.cleaner.filters.RejectionRule;
import org.inkflow.cleaner.metrics.CleanerMetrics;
import org.inkflow.cleaner.split.SplitAssigner;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.RejectionRecord;
import org.inkflow.common.artifacts.SampleMeta;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.SampleCleaned;
import org.inkflow.common.events.SampleRejected;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectNotFoundException;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.storage.ObjectStoreException;
import org.jboss.logging.Logger;

/**
 * Turns one {@code images.raw} event into a stored sample and a {@code samples.cleaned} event, or a
 * {@code samples.rejected} event. An image that passes every rule is claimed on the replicas' shared hash log
 * ({@link HashClaims}, ADR 0034) and accepted only if its claim wins; a lost claim is a near-duplicate rejection, so
 * two replicas never both accept a near-duplicate pair. Idempotent: a raw image already accepted or rejected is
 * skipped without a new event. A missing raw object throws (poison: dead-lettered); an S3 or Kafka failure throws too
 * and the consumer retries the record (transient). Order per image: the claim (a redelivered image finds its claim
 * decided), sample objects, then the event, then the "done" marker
 * ({@code meta.json} or {@code rejected.json}). A marker write that fails after the event is remembered and
 * finished by the retry, without processing and announcing the image again, so an outage between the event and the
 * marker cannot publish a second {@code samples.cleaned} or {@code samples.rejected} record.
 */
public class SampleService {

    private static final Logger LOG = Logger.getLogger(SampleService.class);
    private static final Duration CATALOG_WAIT = Duration.ofMinutes(5);

    private final ObjectStore store;
    private final SampleCatalog catalog;
    private final ImagePipeline pipeline;
    private final SplitAssigner splits;
    private final SampleEvents events;
    private final HashClaims claims;
    private final CleanerMetrics metrics;
    private final long maxBytes;
    private final Clock clock = Clock.systemUTC();
    /** Images announced whose marker is not written yet (a transient failure after the event): sha256 -> the rest. */
    private final Map<String, Runnable> unfinished = new ConcurrentHashMap<>();

    /** @param maxBytes raw objects larger than this are rejected without being downloaded */
    public SampleService(ObjectStore store, SampleCatalog catalog, ImagePipeline pipeline, SplitAssigner splits,
                         SampleEvents events, HashClaims claims, CleanerMetrics metrics, long maxBytes) {
        this.store = store;
        this.catalog = catalog;
        this.pipeline = pipeline;
        this.splits = splits;
        this.events = events;
        this.claims = claims;
        this.metrics = metrics;
        this.maxBytes = maxBytes;
    }

    /** What {@link #process} did with an event. */
    public enum Result { ACCEPTED, REJECTED, ALREADY_DONE }

    public Result process(RawImageStored event) {
        return metrics.processTimer().record(() -> processTimed(event));
    }

    private Result processTimed(RawImageStored event) {
        catalog.awaitReady(CATALOG_WAIT);
        String sha = event.sha256();
        Runnable rest = unfinished.get(sha);
        if (rest != null) {
            LOG.infof("raw image %s was announced already; writing its marker now", sha);
            finish(sha, rest);
            return Result.ALREADY_DONE;
        }
        if (catalog.isKnown(sha)) {
            LOG.debugf("raw image %s was already cleaned or rejected; nothing to do", sha);
            return Result.ALREADY_DONE;
        }
        Optional<Rejection> metadataRejection = pipeline.checkMetadata(event.tags(), event.rating());
        if (metadataRejection.isPresent()) {
            return reject(event, metadataRejection.get());
        }
        ObjectInfo raw = store.stat(event.objectKey()).orElseThrow(() -> new ObjectNotFoundException(store.bucket(), event.objectKey()));
        if (raw.size() > maxBytes) {
            return reject(event, Rejection.of(RejectionRule.TOO_MANY_BYTES, raw.size(), maxBytes,
                    "raw image is " + raw.size() + " bytes; the limit is " + maxBytes + " (inkflow.cleaner.max-bytes)"));
        }
        byte[] bytes = store.get(event.objectKey());
        byte[] paired = event.lineArtKey() == null ? null : store.get(event.lineArtKey());
        ImagePipeline.Outcome outcome = pipeline.process(bytes, paired);
        if (outcome instanceof ImagePipeline.Rejected r) {
            return reject(event, r.rejection());
        }
        ImagePipeline.Cleaned cleaned = (ImagePipeline.Cleaned) outcome;
        ClaimLog.Decision claim = claims.claim(event.sha256(), cleaned.fingerprint());
        if (!claim.won()) {
            return reject(event, NearDuplicateFilter.rejection(claim.winner(), claim.distance(), claim.colorDistance(),
                    claim.maxDistance(), claim.maxColorDistance()));
        }
        return accept(event, cleaned);
    }

    private Result accept(RawImageStored event, ImagePipeline.Cleaned cleaned) {
        String sha = event.sha256();
        String groupKey = event.groupKey() == null || event.groupKey().isBlank() ? sha : event.groupKey();
        String split = splits.assign(groupKey);
        ImagePipeline.Rendered r = cleaned.rendered();
        store.putOnce(Keys.sampleInput(sha), r.inputPng(), "image/png");
        store.putOnce(Keys.sampleTarget(sha), r.targetPng(), "image/png");
        Instant now = clock.instant();
        SampleMeta meta = new SampleMeta(SampleMeta.SCHEMA_VERSION, sha, event.source(), event.objectKey(), event.lineArtKey(), event.license(),
                event.sourceUrl(), event.tags(), SampleMeta.primaryTagOf(event.tags()), event.rating(), groupKey, split,
                r.target().width(), pipeline.normalizer().mode().id(), r.lineArtSource().id(), Keys.sampleInput(sha),
                Keys.sampleTarget(sha), cleaned.fingerprint().perceptualHashHex(), cleaned.fingerprint().colorGridHex(),
                cleaned.sourceWidth(), cleaned.sourceHeight(), cleaned.measures(), now);
        events.cleaned(new SampleCleaned(SampleCleaned.SCHEMA_VERSION, sha, split, meta.inputKey(), meta.targetKey(),
                Keys.sampleMeta(sha), meta.size(), meta.lineArtSource(), groupKey, event.tags(), event.source(),
                event.license(), now));
        finish(sha, () -> {
            writeMarker(Keys.sampleMeta(sha), meta.toJson());
            catalog.addAccepted(meta);
        });
        metrics.accepted(split);
        LOG.debugf("accepted %s into %s (%s line art)", sha, split, meta.lineArtSource());
        return Result.ACCEPTED;
    }

    private Result reject(RawImageStored event, Rejection rejection) {
        Instant now = clock.instant();
        events.rejected(new SampleRejected(SampleRejected.SCHEMA_VERSION, event.sha256(), rejection.rule().id(),
                rejection.value(), rejection.threshold(), rejection.reason(), event.objectKey(), now));
        RejectionRecord record = new RejectionRecord(RejectionRecord.SCHEMA_VERSION, event.sha256(), rejection.rule().id(), rejection.value(),
                rejection.threshold(), rejection.reason(), event.objectKey(), now);
        finish(event.sha256(), () -> {
            writeMarker(Keys.sampleRejected(event.sha256()), record.toJson());
            catalog.addRejected(record);
        });
        metrics.rejected(rejection.rule().id());
        LOG.debugf("rejected %s by %s: %s", event.sha256(), rejection.rule().id(), rejection.reason());
        return Result.REJECTED;
    }

    /** Runs what follows an image's event; if it fails, the next attempt at the image runs it instead of redoing all. */
    private void finish(String sha, Runnable rest) {
        unfinished.put(sha, rest);
        rest.run();
        unfinished.remove(sha);
    }

    /** Writes the "done" marker; another replica that finished the same image first already wrote one, which is fine. */
    private void writeMarker(String key, byte[] json) {
        try {
            store.putOnce(key, json, "application/json");
        } catch (ObjectStoreException e) {
            if (!store.exists(key)) {
                throw e;
            }
            LOG.debugf("%s was written meanwhile by another consumer; keeping that one", key);
        }
    }
}
