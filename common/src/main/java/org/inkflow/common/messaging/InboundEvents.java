package org.inkflow.common.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.inkflow.common.events.Event;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.InvalidEventException;
import org.inkflow.common.tracing.TraceScope;
import org.inkflow.common.tracing.Traces;
import org.jboss.logging.Logger;

/**
 * What every {@code @Incoming} consumer does with a record: read and validate the event ({@link EventJson}), hand it
 * to the domain, retry transient failures by the {@code inkflow.messaging.retry.*} policy, and throw on poison so
 * the channel's {@code dead-letter-queue} failure strategy moves the record to {@code <topic>.dlq}. SmallRye adds
 * {@code dead-letter-reason} (the failure's message), {@code -exception-class-name}, {@code -cause},
 * {@code -cause-class-name}, {@code -topic}, {@code -partition} and {@code -offset}; the reason of a record whose
 * retries ran out starts "still failing after N attempts", and the channels' strategy {@link DeadLetterWithAttempts}
 * adds {@code dead-letter-attempts} from {@link #deadLetterAttempts}. A consumer method takes the {@link ConsumerRecord} so the record's coordinates are known:
 * <pre>
 * &#64;Incoming(Channels.IMAGES_RAW) &#64;Blocking
 * public void consume(ConsumerRecord&lt;String, String&gt; record) {
 *     inbound.handle(record, RawImageStored.class, samples::process);
 * }
 * </pre>
 * A record this process already dead-lettered and sees again (redelivered after a rebalance, before its offset was
 * committed) is skipped, so it reaches the dead-letter topic once; the memory is per process and bounded.
 */
@ApplicationScoped
public class InboundEvents {

    static final int REMEMBERED_DEAD_LETTERS = 10_000;

    private static final Logger LOG = Logger.getLogger(InboundEvents.class);

    private final TransientRetry retry;
    private final WaitingRecords waiting;
    /** Records this process dead-lettered ({@code topic-partition@offset}) and after how many attempts. */
    private final Map<String, Integer> deadLettered = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                    return size() > REMEMBERED_DEAD_LETTERS;
                }
            });

    @Inject
    public InboundEvents(
            @ConfigProperty(name = "inkflow.messaging.retry.max-duration", defaultValue = "10m") Duration maxDuration,
            @ConfigProperty(name = "inkflow.messaging.retry.initial-delay", defaultValue = "1s") Duration initialDelay,
            @ConfigProperty(name = "inkflow.messaging.retry.max-delay", defaultValue = "1m") Duration maxDelay,
            WaitingRecords waiting) {
        this(new TransientRetry(new RetryPolicy(initialDelay, maxDelay, maxDuration, 0.5), Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()), () -> ThreadLocalRandom.current().nextDouble()), waiting);
    }

    public InboundEvents(TransientRetry retry) {
        this(retry, new WaitingRecords(Clock.systemUTC()));
    }

    public InboundEvents(TransientRetry retry, WaitingRecords waiting) {
        this.retry = retry;
        this.waiting = waiting;
    }

    /**
     * Reads {@code record} as a {@code type} and passes it to {@code domain}, retrying transient failures; throws the
     * failure (its message becomes the dead-letter reason) when the record is poison or retries ran out.
     */
    public <E extends Event> void handle(ConsumerRecord<String, String> record, Class<E> type, Consumer<? super E> domain) {
        String id = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (deadLettered.containsKey(id)) {
            LOG.infof("%s (key %s) was dead-lettered already; skipping its redelivery", id, record.key());
            return;
        }
        E event;
        try {
            event = EventJson.read(record.value(), type);
        } catch (InvalidEventException e) {
            throw deadLetter(record, id, e, 1);
        }
        // The record's trace continues here: what the domain writes and sends carries it on.
        try (TraceScope trace = Traces.consume(record)) {
            try {
                // Readiness reports the dependency down while this record waits for it.
                retry.run(() -> domain.accept(event), waiting, id);
            } catch (TransientRetry.ProcessingFailed f) {
                trace.failed(f.failure());
                throw f;
            }
        } catch (TransientRetry.ProcessingFailed f) {
            RuntimeException reason = f.retriesExhausted()
                    ? new TransientFailure("still failing after " + f.attempts() + " attempts (retried for up to "
                            + retry.policy().maxDuration() + ", inkflow.messaging.retry.max-duration): "
                            + f.getMessage(), f.failure())
                    : f.failure();
            throw deadLetter(record, id, reason, f.attempts());
        }
    }

    /** How many attempts the record at these coordinates had when this process dead-lettered it, if it did. */
    public OptionalInt deadLetterAttempts(String topic, int partition, long offset) {
        Integer attempts = deadLettered.get(topic + "-" + partition + "@" + offset);
        return attempts == null ? OptionalInt.empty() : OptionalInt.of(attempts);
    }

    private RuntimeException deadLetter(ConsumerRecord<String, String> record, String id, RuntimeException reason,
                                        int attempts) {
        deadLettered.put(id, attempts);
        LOG.warnf("%s (key %s) goes to the dead-letter topic after %d attempt(s): %s", id, record.key(), attempts,
                reason.getMessage());
        return reason;
    }
}
