package org.inkflow.trainer.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.TrainingRequested;
import org.inkflow.trainer.runs.RunScheduler;
import org.inkflow.trainer.runs.RunSubmission;
import org.jboss.logging.Logger;

/**
 * Reads {@code training.requests}. A request is checked like a REST one; one that cannot run (unreadable, unknown
 * dataset, bad hyperparameter) throws and lands in {@code inkflow.training.requests.dlq} with the reason. The same
 * run id twice queues one run.
 */
@ApplicationScoped
public class TrainingRequestConsumer {

    private static final Logger LOG = Logger.getLogger(TrainingRequestConsumer.class);

    private final RunScheduler scheduler;

    public TrainingRequestConsumer(RunScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Incoming(Channels.TRAINING_REQUESTS)
    @Blocking
    public void consume(String json) {
        TrainingRequested event = EventJson.read(json, TrainingRequested.class);
        RunScheduler.Submitted s = scheduler.submit(new RunSubmission(event.runId(), event.datasetName(),
                event.datasetVersion(), event.modelName(), event.hyperparameters(), event.search()));
        LOG.infof("training request %s: %s", event.runId(), s.created() ? "queued" : "already known, ignored");
    }
}
