package org.inkflow.cleaner.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.inkflow.cleaner.datasets.DatasetBuildRequests;
import org.inkflow.cleaner.datasets.DatasetEvents;
import org.inkflow.cleaner.datasets.DatasetRequestException;
import org.inkflow.cleaner.datasets.DatasetSpec;
import org.inkflow.common.events.DatasetBuildRequested;
import org.inkflow.cleaner.samples.SampleEvents;
import org.inkflow.common.events.DatasetPublished;
import org.inkflow.common.events.SampleCleaned;
import org.inkflow.common.events.SampleRejected;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.EventNotAcknowledgedException;
import org.inkflow.common.messaging.EventSender;

/**
 * Publishes the cleaner's events and waits until the broker has them: the sample's meta.json (the "done" marker) is
 * written only after its event is acknowledged, so a crash in between re-emits on redelivery instead of losing the
 * event. Build requests go to {@code inkflow.datasets.builds}, keyed by dataset name, for the replica owning it.
 */
@ApplicationScoped
public class CleanerEvents implements SampleEvents, DatasetEvents, DatasetBuildRequests {

    private final Emitter<String> cleaned;
    private final Emitter<String> rejected;
    private final Emitter<String> datasets;
    private final Emitter<String> builds;
    private final EventSender sender;

    public CleanerEvents(@Channel(Channels.SAMPLES_CLEANED_OUT) Emitter<String> cleaned,
                         @Channel(Channels.SAMPLES_REJECTED) Emitter<String> rejected,
                         @Channel(Channels.DATASETS) Emitter<String> datasets,
                         @Channel(Channels.DATASETS_BUILDS_OUT) Emitter<String> builds,
                         EventSender sender) {
        this.cleaned = cleaned;
        this.rejected = rejected;
        this.datasets = datasets;
        this.builds = builds;
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

    @Override
    public void request(DatasetSpec spec, String fingerprint, String after) {
        try {
            sender.send(builds, new DatasetBuildRequested(DatasetBuildRequested.SCHEMA_VERSION, spec.name(), spec.imageSize(),
                    spec.normalize(), spec.lineArt(), spec.requirePaired(), spec.maxPerTag(), spec.minPerTag(),
                    spec.includeTags(), spec.excludeTags(), spec.train(), spec.validation(), spec.test(), spec.seed(),
                    fingerprint, java.time.Instant.now(), after));
        } catch (EventNotAcknowledgedException e) {
            throw new DatasetRequestException(503, null, "the build of dataset '" + spec.name() + "' could not be queued: "
                    + e.getMessage() + "; try again later");
        }
    }
}
