package org.inkflow.cleaner.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.cleaner.datasets.AutoDatasetTrigger;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.SampleCleaned;

/**
 * Reads {@code samples.cleaned} (all replicas' accepted samples) and tells {@link AutoDatasetTrigger} when samples
 * arrive, which is what its quiet period measures. The channel name differs from the outgoing
 * {@code samples-cleaned} because SmallRye refuses one name for both directions (SRMSG00073).
 */
@ApplicationScoped
public class CleanedSampleConsumer {

    private final AutoDatasetTrigger trigger;

    public CleanedSampleConsumer(AutoDatasetTrigger trigger) {
        this.trigger = trigger;
    }

    @Incoming(Channels.SAMPLES_CLEANED_IN)
    @Blocking
    public void consume(String json) {
        EventJson.read(json, SampleCleaned.class); // an unreadable record is poison: to the dead-letter topic
        trigger.sampleArrived();
    }
}
