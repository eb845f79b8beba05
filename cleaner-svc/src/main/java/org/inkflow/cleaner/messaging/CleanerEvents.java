package org.inkflow.cleaner.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.inkflow.common.events.DatasetPublished;
import org.inkflow.common.events.Event;
import org.inkflow.common.events.SampleCleaned;
import org.inkflow.common.events.SampleRejected;
import org.inkflow.common.messaging.EventRecords;

/**
 * Publishes the cleaner's events and waits until the broker has them: the sample's meta.json (the "done" marker) is
 * written only after its event is acknowledged, so a crash in between re-emits on redelivery instead of losing the
 * event.
 */
@ApplicationScoped
public class CleanerEvents {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

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
        EventRecords.sendAndAwaitAck(emitter, event, ACK_TIMEOUT);
    }
}
