package org.inkflow.common.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.inkflow.common.events.Event;
import org.jboss.logging.Logger;

/**
 * What a work channel's consumer does with a record that names a long unit of work (a crawl job, a training run, a
 * search trial, a dataset build, an evaluation): read and validate it, hold the unit in the channel's
 * {@link OwnedWork}, start it, and acknowledge the record only when the unit has ended, so the record's offset is
 * committed then and not before (SmallRye's throttled commit strategy commits up to the oldest unacknowledged
 * record). The consumer keeps polling meanwhile -- a unit that runs for hours holds no partition hostage past
 * {@code max.poll.interval.ms} -- and a unit whose partition moves to another replica is stopped here and resumed
 * there from its checkpoint, because its record was never committed. Work channels therefore disable SmallRye's
 * unprocessed-record age check ({@code throttled.unprocessed-record-max-age.ms=-1}); a unit's own status and attempt
 * cap say whether it is stuck.
 * <pre>
 * &#64;Incoming(Channels.CRAWL_JOBS)
 * public CompletionStage&lt;Void&gt; consume(Message&lt;String&gt; message) {
 *     return work.accept(message, CrawlJobRequested.class, CrawlJobRequested::jobId, ownership, jobs::start);
 * }
 * </pre>
 * Poison (an invalid event, a failed validation) is dead-lettered through the channel's failure strategy; transient
 * failures while starting are retried by {@link InboundEvents}' policy, the channel waiting meanwhile.
 */
@ApplicationScoped
public class WorkRecords {

    /** How a unit's work ended here. */
    public enum Outcome {
        /** It reached its end state (completed, failed, cancelled), saved in its status: the record is done. */
        FINISHED,
        /** It stopped where it was (revoked partition, shutdown) and must be resumed by whoever reads it next. */
        STOPPED
    }

    /** A started unit: how to stop it, and when its work ends. */
    public record Started(OwnedWork.Unit unit, CompletionStage<Outcome> done) {
    }

    /** Starts or resumes the unit an event names; null when there is nothing to do (it ended already). */
    @FunctionalInterface
    public interface Starter<E> {
        Started start(E event);
    }

    private static final Logger LOG = Logger.getLogger(WorkRecords.class);

    private final InboundEvents inbound;
    private final ExecutorService executor;

    @Inject
    public WorkRecords(InboundEvents inbound) {
        this.inbound = inbound;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "work-records-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Handles one record of a work channel as described above. The returned stage completes once the unit was
     * started (or the record acknowledged, or dead-lettered), so SmallRye moves on to the next record.
     */
    public <E extends Event> CompletionStage<Void> accept(Message<String> message, Class<E> type,
                                                         Function<E, String> idOf, OwnedWork work, Starter<E> starter) {
        ConsumerRecord<String, String> record = consumerRecord(message);
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        return CompletableFuture.runAsync(() -> {
            AtomicBoolean handled = new AtomicBoolean();
            try {
                inbound.handle(record, type, event -> {
                    handled.set(true);
                    begin(message, partition, idOf.apply(event), work, () -> starter.start(event));
                });
                if (!handled.get()) {
                    message.ack(); // dead-lettered before by this process: InboundEvents skipped it
                }
            } catch (RuntimeException poison) {
                message.nack(poison);
            }
        }, executor);
    }

    private void begin(Message<String> message, TopicPartition partition, String id, OwnedWork work,
                       Supplier<Started> start) {
        Handle handle = new Handle();
        if (!work.hold(partition, id, handle)) {
            LOG.infof("%s: %s is already being worked on here; record %s-%d@%d acknowledged", work.channel(), id,
                    partition.topic(), partition.partition(), consumerRecord(message).offset());
            message.ack();
            return;
        }
        if (!work.owns(id)) {
            // The partition was revoked between the record's delivery and now: its next owner reads it again.
            work.release(id, handle);
            return;
        }
        Started started;
        try {
            started = start.get();
        } catch (RuntimeException e) {
            work.release(id, handle);
            throw e; // transient: retried by InboundEvents; poison: dead-lettered
        }
        if (started == null) {
            work.release(id, handle);
            message.ack();
            return;
        }
        handle.started(started.unit());
        started.done().whenComplete((outcome, failure) -> {
            work.release(id, handle);
            if (failure != null) {
                // A unit records its own end (FAILED with the error) before its work ends; this is a defect there.
                LOG.errorf(failure, "%s: %s ended with an exception its status may not show; record acknowledged",
                        work.channel(), id);
                message.ack();
            } else if (outcome == Outcome.FINISHED && !handle.stopRequested()) {
                message.ack();
            } else {
                LOG.infof("%s: %s stopped here; left uncommitted for its next owner", work.channel(), id);
            }
        });
    }

    private static ConsumerRecord<String, String> consumerRecord(Message<String> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, String> metadata = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("not a Kafka record: " + message));
        return metadata.getRecord();
    }

    /** The unit as {@link OwnedWork} sees it, before and after it started: a stop asked before the start is kept. */
    private static final class Handle implements OwnedWork.Unit {

        private OwnedWork.Unit unit;
        private boolean stopRequested;

        void started(OwnedWork.Unit started) {
            boolean stopNow;
            synchronized (this) {
                this.unit = started;
                stopNow = stopRequested;
            }
            if (stopNow) {
                started.stop(); // revoked while it was starting
            }
        }

        synchronized boolean stopRequested() {
            return stopRequested;
        }

        @Override
        public void stop() {
            OwnedWork.Unit current;
            synchronized (this) {
                stopRequested = true;
                current = unit;
            }
            if (current != null) {
                current.stop();
            }
        }
    }
}
