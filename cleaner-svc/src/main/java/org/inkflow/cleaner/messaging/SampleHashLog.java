package org.inkflow.cleaner.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.cleaner.datasets.SampleArrivals;
import org.inkflow.cleaner.dedup.ClaimLog;
import org.inkflow.cleaner.dedup.HashClaims;
import org.inkflow.cleaner.dedup.ImageFingerprint;
import org.inkflow.common.events.SampleHashClaimed;
import org.inkflow.common.events.Topics;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.EventSender;
import org.inkflow.common.messaging.InboundEvents;
import org.inkflow.common.messaging.KafkaClientConfig;
import org.inkflow.common.messaging.TransientFailure;
import org.jboss.logging.Logger;

/**
 * The replicas' shared near-duplicate view (ADR 0034): every replica reads {@code inkflow.samples.hashes} from the
 * start (a consumer group of its own, nothing committed) into its {@link ClaimLog}, and claims a sample by writing
 * {@link SampleHashClaimed} to the topic's one claims partition, then waiting until it has read the log past its
 * claim: the claim's decision is then the same on every replica. Ready once it has read what the log held when it
 * started ({@link #caughtUp}). Every winning claim, with the time it was claimed, is an accepted sample's arrival
 * for the automatic dataset ({@link SampleArrivals}, ADR 0039), so every replica times every replica's samples.
 */
@ApplicationScoped
public class SampleHashLog implements HashClaims {

    private static final Logger LOG = Logger.getLogger(SampleHashLog.class);
    private static final TopicPartition CLAIMS = new TopicPartition(Topics.SAMPLES_HASHES, SampleHashClaimed.PARTITION);
    /** How long a claim waits for the log to be read past it (or the start catch-up) before it is retried. */
    private static final Duration READ_WAIT = Duration.ofSeconds(60);

    private final ClaimLog log;
    private final SampleArrivals arrivals;
    private final Emitter<String> claims;
    private final EventSender sender;
    private final InboundEvents inbound;
    private final Admin admin;
    private final Clock clock = Clock.systemUTC();
    private final long startedAt = System.nanoTime();
    private volatile long firstRecordAt;
    private volatile long startEnd = -1;
    private volatile boolean caughtUp;

    @Inject
    public SampleHashLog(ClaimLog log, SampleArrivals arrivals, @Channel(Channels.SAMPLES_HASHES_OUT) Emitter<String> claims,
                         EventSender sender, InboundEvents inbound, KafkaClientConfig kafka) {
        this.log = log;
        this.arrivals = arrivals;
        this.claims = claims;
        this.sender = sender;
        this.inbound = inbound;
        this.admin = Admin.create(kafka.admin(Map.of("client.id", "inkflow-cleaner-hashes-admin",
                "request.timeout.ms", 10_000, "default.api.timeout.ms", 15_000)));
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(5));
    }

    @Incoming(Channels.SAMPLES_HASHES)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        if (firstRecordAt == 0) {
            firstRecordAt = System.nanoTime();
        }
        if (record.partition() != SampleHashClaimed.PARTITION) {
            return; // claims are written to one partition only; anything else is not part of the log order
        }
        try {
            inbound.handle(record, SampleHashClaimed.class, claim -> {
                boolean first = log.decision(claim.sha256()).isEmpty();
                ClaimLog.Decision decision = log.apply(record.offset(), claim.sha256(),
                        ImageFingerprint.parse(claim.perceptualHash(), claim.colorGrid()));
                if (first && decision.won()) {
                    arrivals.arrived(claim.claimedAt() != null ? claim.claimedAt()
                            : java.time.Instant.ofEpochMilli(record.timestamp()));
                }
            });
        } finally {
            log.skip(record.offset()); // a dead-lettered record is passed too, so no claim waits on it
        }
    }

    @Override
    public ClaimLog.Decision claim(String sha256, ImageFingerprint fingerprint) {
        awaitCaughtUp();
        Optional<ClaimLog.Decision> known = log.decision(sha256);
        if (known.isPresent()) {
            return known.get();
        }
        sender.send(claims, new SampleHashClaimed(SampleHashClaimed.SCHEMA_VERSION, sha256,
                fingerprint.perceptualHashHex(), fingerprint.colorGridHex(), clock.instant()), Topics.SAMPLES_HASHES,
                SampleHashClaimed.PARTITION);
        awaitRead(endOffset(), "its claim of " + sha256);
        return log.decision(sha256).orElseThrow(() -> new TransientFailure("the claim of " + sha256
                + " was read past but not applied; retrying"));
    }

    /** True once this replica has read everything the log held when it started (its readiness). */
    public boolean caughtUp() {
        if (caughtUp) {
            return true;
        }
        if (startEnd < 0) {
            startEnd = endOffset();
        }
        if (log.applied() >= startEnd - 1) {
            caughtUp = true;
            long now = System.nanoTime();
            LOG.infof("samples hashes: caught up with %d records (%d winning claims) %d ms after start (read in %d ms"
                            + " from the first record)", startEnd, log.winners(), TimeUnit.NANOSECONDS.toMillis(now - startedAt),
                    firstRecordAt == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(now - firstRecordAt));
        }
        return caughtUp;
    }

    /** What the readiness check shows. */
    public Map<String, Object> state() {
        return Map.of("caughtUp", caughtUp, "startEndOffset", startEnd, "appliedOffset", log.applied(),
                "winningClaims", log.winners());
    }

    private void awaitCaughtUp() {
        if (caughtUp()) {
            return;
        }
        awaitRead(startEnd, "the log as it was at start");
        caughtUp();
    }

    private void awaitRead(long endOffset, String what) {
        try {
            if (!log.awaitApplied(endOffset, READ_WAIT.toMillis())) {
                throw new TransientFailure("the samples-hashes log was not read up to " + what + " (offset "
                        + (endOffset - 1) + ", read " + log.applied() + ") within " + READ_WAIT + "; retrying");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while reading the samples-hashes log", e);
        }
    }

    private long endOffset() {
        try {
            return admin.listOffsets(Map.of(CLAIMS, OffsetSpec.latest())).partitionResult(CLAIMS)
                    .get(15, TimeUnit.SECONDS).offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while asking Kafka for the end of " + CLAIMS, e);
        } catch (Exception e) {
            throw new TransientFailure("cannot read the end offset of " + CLAIMS + " (is Kafka reachable?): " + e.getMessage(), e);
        }
    }
}
