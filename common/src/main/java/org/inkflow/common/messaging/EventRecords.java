package org.inkflow.common.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.inkflow.common.events.Event;
import org.inkflow.common.events.EventJson;

/**
 * How every service puts an event on Kafka: keyed by {@link Event#key()}, its JSON as the value, and, where the
 * caller's next step depends on it (a status written after the event, say), sent only once the broker acknowledged.
 */
public final class EventRecords {

    private EventRecords() {
    }

    /** The Kafka record for {@code event}. */
    public static KafkaRecord<String, String> record(Event event) {
        return KafkaRecord.of(event.key(), EventJson.write(event));
    }

    /**
     * Sends {@code event} and blocks until the broker acknowledges it; fails with {@link EventNotAcknowledgedException}
     * saying why when the broker refuses it, does not answer within {@code timeout}, or the thread is interrupted.
     */
    public static void sendAndAwaitAck(Emitter<String> emitter, Event event, Duration timeout) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = record(event)
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
            acked.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new EventNotAcknowledgedException("Kafka refused " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventNotAcknowledgedException("Kafka did not acknowledge " + what + " within "
                    + timeout.toSeconds() + " s; is the broker reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventNotAcknowledgedException("interrupted while publishing " + what, e);
        } catch (IllegalStateException e) {
            // The emitter refuses sends while the application stops or the channel has failed.
            throw new EventNotAcknowledgedException("cannot send " + what + ": " + e.getMessage(), e);
        }
    }

    /** An event the broker did not take; the message says why. */
    public static class EventNotAcknowledgedException extends RuntimeException {

        public EventNotAcknowledgedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
