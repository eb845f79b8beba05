package org.inkflow.crawler.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.crawler.store.ImageEventSink;

/**
 * Sends {@code RawImageStored} to {@code images.raw} keyed by sha256 and waits for the broker's acknowledgement, so
 * the crawler marks an image "announced" only once the event is durable.
 */
@ApplicationScoped
public class RawImagePublisher implements ImageEventSink {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Emitter<String> emitter;

    public RawImagePublisher(@Channel(Channels.IMAGES_RAW) Emitter<String> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void publish(RawImageStored event) throws EventPublishException, InterruptedException {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> record = KafkaRecord.of(event.key(), EventJson.write(event))
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(error -> {
                    acked.completeExceptionally(error);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(record);
            acked.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new EventPublishException("the broker refused the images.raw event for " + event.sha256() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventPublishException("the broker did not acknowledge the images.raw event for " + event.sha256()
                    + " within " + ACK_TIMEOUT_SECONDS + " s", e);
        } catch (IllegalStateException e) {
            throw new EventPublishException("cannot send the images.raw event for " + event.sha256() + ": " + e.getMessage(), e);
        }
    }
}
