package org.inkflow.cleaner.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.cleaner.metrics.CleanerMetrics;
import org.inkflow.cleaner.samples.SampleService;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;

/**
 * Reads {@code images.raw} and hands each event to {@link SampleService}. A record that cannot be read, whose raw
 * object is missing, or that fails on S3 or Kafka throws, and SmallRye's dead-letter strategy moves it to
 * {@code inkflow.images.raw.dlq} with the error in its headers while the next record is processed. Images that
 * are merely bad (corrupt, too big, filtered) are not errors: they become {@code samples.rejected} events.
 */
@ApplicationScoped
public class RawImageConsumer {

    private final SampleService samples;
    private final CleanerMetrics metrics;

    public RawImageConsumer(SampleService samples, CleanerMetrics metrics) {
        this.samples = samples;
        this.metrics = metrics;
    }

    @Incoming(Channels.IMAGES_RAW)
    @Blocking
    public void consume(String json) {
        RawImageStored event = EventJson.read(json, RawImageStored.class);
        metrics.received();
        samples.process(event);
    }
}
