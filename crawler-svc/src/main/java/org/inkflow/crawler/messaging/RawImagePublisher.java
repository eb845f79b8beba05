package org.inkflow.crawler.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.EventNotAcknowledgedException;
import org.inkflow.common.messaging.EventSender;
import org.inkflow.crawler.store.ImageEventSink;

/**
 * Sends {@code RawImageStored} to {@code images.raw} keyed by sha256 and waits for the broker's acknowledgement, so
 * the crawler marks an image "announced" only once the event is durable.
 */
@ApplicationScoped
public class RawImagePublisher implements ImageEventSink {

    private final Emitter<String> emitter;
    private final EventSender sender;

    public RawImagePublisher(@Channel(Channels.IMAGES_RAW) Emitter<String> emitter, EventSender sender) {
        this.emitter = emitter;
        this.sender = sender;
    }

    @Override
    public void publish(RawImageStored event) throws EventPublishException, InterruptedException {
        try {
            sender.send(emitter, event);
        } catch (EventNotAcknowledgedException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException(e.getMessage());
            }
            throw new EventPublishException("the images.raw event for " + event.sha256() + " was not published: "
                    + e.getMessage(), e.getCause());
        }
    }
}
