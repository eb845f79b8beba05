package org.inkflow.cleaner.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.inkflow.cleaner.datasets.DatasetEvents;
import org.inkflow.cleaner.samples.SampleEvents;
import org.inkflow.common.events.DatasetPublished;
import org.inkflow.common.events.SampleCleaned;
import org.inkflow.common.events.SampleRejected;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.EventSender;

/**
 * Publishes the cleaner's events and waits until the broker has them: the sample's meta.json (the "done" marker) is
 * written only after its event is acknowledged, so a crash in between re-emits on redelivery instead of losing the
 * event.
 */
@ApplicationScoped
public class CleanerEvents implements SampleEvents, DatasetEvents {

    private final Emitter<String> cleaned;
    private final Emitter<String> rejected;
    private final Emitter<String> datasets;
    private final EventSender sender;

    public CleanerEvents(@Channel(Channels.SAMPLES_CLEANED_OUT) Emitter<String> cleaned,
                         @Channel(Channels.SAMPLES_REJECTED) Emitter<String> rejected,
                         @Channel(Channels.DATASETS) Emitter<String> datasets,
                         EventSender sender) {
        this.cleaned = cleaned;
        this.rejected = rejected;
        this.datasets = datasets;
        this.sender = sender;
    }

    @Override
    public void cleaned(SampleCleaned event) {
        sender.send(cleaned, event);
    }

    @Override
    public void rejected(SampleRejected event) {
        sender.send(rejected, event);
    }

    @Override
    public void published(DatasetPublished event) {
        sender.send(datasets, event);
    }
}
