package org.inkflow.cleaner.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.cleaner.metrics.CleanerMetrics;
import org.inkflow.cleaner.samples.SampleService;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.InboundEvents;

/**
 * Reads {@code images.raw} and hands each event to {@link SampleService} through {@link InboundEvents}. A record
 * that cannot be read or whose raw object is missing goes to {@code inkflow.images.raw.dlq} with the reason while the
 * next record is processed; one that fails because S3 or Kafka is unreachable is retried first. Images that are
 * merely bad (corrupt, too big, filtered) are not errors: they become {@code samples.rejected} events.
 */
@ApplicationScoped
public class RawImageConsumer {

    private final SampleService samples;
    private final CleanerMetrics metrics;
    private final InboundEvents inbound;

    public RawImageConsumer(SampleService samples, CleanerMetrics metrics, InboundEvents inbound) {
        this.samples = samples;
        this.metrics = metrics;
        this.inbound = inbound;
    }

    @Incoming(Channels.IMAGES_RAW)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        inbound.handle(record, RawImageStored.class, event -> {
            metrics.received();
            samples.process(event);
        });
    }
}
