package org.inkflow.common.messaging;

import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.inkflow.common.events.Event;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.tracing.TraceCarriers;

/**
 * How every service puts an event on Kafka: keyed by {@link Event#key()}, its JSON as the value. {@link #send} waits
 * for the broker's acknowledgement, for at most {@code inkflow.kafka.ack-timeout} (default 30 s), so a caller whose
 * next step depends on the event (a status written after it, say) takes that step only once the event is durable.
 */
@ApplicationScoped
public class EventSender {

    public static final String ACK_TIMEOUT_PROPERTY = "inkflow.kafka.ack-timeout";

    private final Duration ackTimeout;

    public EventSender(@ConfigProperty(name = ACK_TIMEOUT_PROPERTY, defaultValue = "30s") Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    /**
     * The Kafka record for {@code event}, in the trace current on this thread: its {@code traceparent} header, and
     * the context as SmallRye's {@link TracingMetadata}, so the channel's publish span is a child of the caller's
     * span even when the emitter sends from another thread.
     */
    public static Message<String> record(Event event) {
        return record(event, OutgoingKafkaRecordMetadata.<String>builder());
    }

    /** As {@link #record(Event)}, to one {@code partition} of {@code topic} instead of the key's. */
    static Message<String> record(Event event, String topic, int partition) {
        return record(event, OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withPartition(partition));
    }

    private static Message<String> record(Event event, OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> where) {
        Context context = Context.current();
        RecordHeaders headers = new RecordHeaders();
        TraceCarriers.inject(context, headers);
        OutgoingKafkaRecordMetadata<String> metadata = where.withKey(event.key()).withHeaders(headers).build();
        return Message.of(EventJson.write(event), Metadata.of(metadata, TracingMetadata.withCurrent(context)));
    }

    /**
     * Sends {@code event} on {@code emitter}'s channel and blocks until the broker acknowledges it; fails with
     * {@link EventNotAcknowledgedException} saying why when the broker refuses it, does not answer within the ack
     * timeout, or the thread is interrupted (the interrupt flag is then set again).
     */
    public void send(Emitter<String> emitter, Event event) {
        send(emitter, event, record(event));
    }

    /**
     * As {@link #send(Emitter, Event)}, to one {@code partition} of {@code topic} instead of the key's: for a topic
     * whose records need one log order across keys (the cleaner's hash claims).
     */
    public void send(Emitter<String> emitter, Event event, String topic, int partition) {
        send(emitter, event, record(event, topic, partition));
    }

    private void send(Emitter<String> emitter, Event event, Message<String> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = record
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        String what = event.getClass().getSimpleName() + " " + event.key();
        try {
            emitter.send(message);
            acked.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new EventNotAcknowledgedException("Kafka refused " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventNotAcknowledgedException("Kafka did not acknowledge " + what + " within "
                    + ackTimeout.toMillis() + " ms (" + ACK_TIMEOUT_PROPERTY + "); is the broker reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventNotAcknowledgedException("interrupted while publishing " + what, e);
        } catch (IllegalStateException e) {
            // The emitter refuses sends while the application stops or the channel has failed.
            throw new EventNotAcknowledgedException("cannot send " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends {@code event} without waiting, for events whose loss costs little (a progress point); a send the emitter
     * refuses at once throws {@link EventNotAcknowledgedException}.
     */
    public void sendWithoutWaiting(Emitter<String> emitter, Event event) {
        try {
            emitter.send(record(event));
        } catch (RuntimeException e) {
            throw new EventNotAcknowledgedException("cannot send " + event.getClass().getSimpleName() + " "
                    + event.key() + ": " + e.getMessage(), e);
        }
    }
}
