package org.inkflow.cleaner.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.metrics.MetricNames;
import org.jboss.logging.Logger;

/**
 * Reads {@code images.raw}. A record that cannot be read throws, and SmallRye's dead-letter strategy moves it to
 * {@code inkflow.images.raw.dlq} with the error in its headers while the next record is processed.
 */
@ApplicationScoped
public class RawImageConsumer {

    private static final Logger LOG = Logger.getLogger(RawImageConsumer.class);

    private final Counter received;

    public RawImageConsumer(MeterRegistry registry) {
        this.received = Counter.builder(MetricNames.of("cleaner", "received", "images"))
                .description("images.raw events read and understood")
                .register(registry);
    }

    @Incoming(Channels.IMAGES_RAW)
    @Blocking
    public void consume(String json) {
        RawImageStored event = EventJson.read(json, RawImageStored.class);
        received.increment();
        LOG.debugf("raw image %s from %s", event.sha256(), event.source());
    }
}
