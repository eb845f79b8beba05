package org.inkflow.trainer.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.events.TrainingProgress;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.EventSender;
import org.jboss.logging.Logger;

/**
 * Publishes the trainer's events: progress (best effort: a lost progress event costs a dashboard point) and
 * model candidates (waited for: a run is COMPLETED only once the broker has its candidate).
 */
@ApplicationScoped
public class TrainerEvents {

    private static final Logger LOG = Logger.getLogger(TrainerEvents.class);

    private final Emitter<String> progress;
    private final Emitter<String> candidates;
    private final EventSender sender;

    public TrainerEvents(@Channel(Channels.TRAINING_PROGRESS) Emitter<String> progress,
                         @Channel(Channels.MODELS_CANDIDATES) Emitter<String> candidates,
                         EventSender sender) {
        this.progress = progress;
        this.candidates = candidates;
        this.sender = sender;
    }

    public void progress(TrainingProgress event) {
        try {
            sender.sendWithoutWaiting(progress, event);
        } catch (RuntimeException e) {
            LOG.warnf("could not publish progress of run %s: %s", event.runId(), e.getMessage());
        }
    }

    public void candidate(ModelCandidate event) {
        // A run is COMPLETED only once the broker has its candidate, so wait for the acknowledgement.
        sender.send(candidates, event);
    }
}
