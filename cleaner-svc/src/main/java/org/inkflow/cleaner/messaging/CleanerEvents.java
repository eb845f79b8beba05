package org.inkflow.cleaner.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.inkflow.common.events.DatasetPublished;
import org.inkflow.common.events.Event;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.SampleCleaned;
import org.inkflow.common.events.SampleRejected;

/**
 * Publishes the cleaner's events and waits until the broker has them: the sample's meta.json (the "done" marker) is
 * written only after its event is acknowledged, so a crash in between re-emits on redelivery instead of losing the
 * event.
 */
@ApplicationScoped
public class CleanerEvents {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Emitter<String> cleaned;
    private final Emitter<String> rejected;
    private final Emitter<String> datasets;

    public CleanerEvents(@Channel(Channels.SAMPLES_CLEANED) Emitter<String> cleaned,
                         @Channel(Channels.SAMPLES_REJECTED) Emitter<String> rejected,
                         @Channel(Channels.DATASETS) Emitter<String> datasets) {
        this.cleaned = cleaned;
        this.rejected = rejected;
        this.datasets = datasets;
    }

    public void cleaned(SampleCleaned event) {
        send(cleaned, event);
    }

    public void rejected(SampleRejected event) {
        send(rejected, event);
    }

    public void published(DatasetPublished event) {
        send(datasets, event);
    }

    private static void send(Emitter<String> emitter, Event event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(KafkaRecord.of(event.key(), EventJson.write(event))
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        try {
            acked.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused " + event.getClass().getSimpleName() + " " + event.key()
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + event.getClass().getSimpleName() + " "
                    + event.key() + " within " + ACK_TIMEOUT_SECONDS + " s; is the broker reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.key(), e);
        }
    }
}
