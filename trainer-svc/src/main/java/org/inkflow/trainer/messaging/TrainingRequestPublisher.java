package org.inkflow.trainer.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.inkflow.common.events.TrainingRequested;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.EventNotAcknowledgedException;
import org.inkflow.common.messaging.EventSender;
import org.inkflow.trainer.runs.RunQueueUnavailableException;
import org.inkflow.trainer.runs.RunRequests;
import org.inkflow.trainer.runs.RunStatus;
import org.inkflow.trainer.runs.TrialDispatch;

/**
 * Puts run and cancel records on {@code inkflow.training.requests}, and a search's trial and trial-cancel records on
 * {@code inkflow.training.trials}, keyed by run (trial) id, and waits for the broker's acknowledgement: the record's
 * partition decides which replica trains it (ADR 0028).
 */
@ApplicationScoped
public class TrainingRequestPublisher implements RunRequests, TrialDispatch {

    private final Emitter<String> emitter;
    private final Emitter<String> trials;
    private final EventSender sender;

    public TrainingRequestPublisher(@Channel(Channels.TRAINING_REQUESTS_OUT) Emitter<String> emitter,
                                    @Channel(Channels.TRAINING_TRIALS_OUT) Emitter<String> trials, EventSender sender) {
        this.emitter = emitter;
        this.trials = trials;
        this.sender = sender;
    }

    @Override
    public void run(RunStatus s) {
        send(emitter, record(s));
    }

    @Override
    public void cancel(String runId) {
        send(emitter, TrainingRequested.cancel(runId, Instant.now()));
    }

    /** The trial's status (with its parentId) is in S3 already. */
    @Override
    public void runTrial(RunStatus trial) {
        send(trials, record(trial));
    }

    @Override
    public void cancelTrial(String trialId) {
        send(trials, TrainingRequested.cancel(trialId, Instant.now()));
    }

    private static TrainingRequested record(RunStatus s) {
        return new TrainingRequested(TrainingRequested.SCHEMA_VERSION, s.id, s.datasetName, s.datasetVersion,
                s.modelName, s.hyperparameters, s.search, Instant.now(), s.mode, TrainingRequested.RUN);
    }

    private void send(Emitter<String> to, TrainingRequested request) {
        try {
            sender.send(to, request);
        } catch (EventNotAcknowledgedException e) {
            throw new RunQueueUnavailableException("the " + request.action() + " request for run " + request.runId()
                    + " could not be queued: " + e.getMessage() + "; try again later");
        }
    }
}
