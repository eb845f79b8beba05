package org.inkflow.cleaner.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.cleaner.datasets.AutoDatasetTrigger;
import org.inkflow.common.events.SampleCleaned;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.InboundEvents;

/**
 * Reads {@code samples.cleaned} (all replicas' accepted samples) and tells {@link AutoDatasetTrigger} when samples
 * arrive, which is what its quiet period measures. The cleaner writes the same topic on
 * {@link Channels#SAMPLES_CLEANED_OUT}.
 */
@ApplicationScoped
public class CleanedSampleConsumer {

    private final AutoDatasetTrigger trigger;
    private final InboundEvents inbound;

    public CleanedSampleConsumer(AutoDatasetTrigger trigger, InboundEvents inbound) {
        this.trigger = trigger;
        this.inbound = inbound;
    }

    @Incoming(Channels.SAMPLES_CLEANED)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        inbound.handle(record, SampleCleaned.class, sample -> trigger.sampleArrived());
    }
}
