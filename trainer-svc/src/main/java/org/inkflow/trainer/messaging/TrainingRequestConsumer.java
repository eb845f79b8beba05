package org.inkflow.trainer.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.common.events.TrainingRequested;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.InboundEvents;
import org.inkflow.trainer.runs.RunScheduler;
import org.inkflow.trainer.runs.RunSubmission;
import org.jboss.logging.Logger;

/**
 * Reads {@code training.requests}. A request is checked like a REST one; one that cannot run (unreadable, unknown
 * dataset, bad hyperparameter) lands in {@code inkflow.training.requests.dlq} with the reason, once; one that fails
 * because S3 is unreachable is retried ({@link InboundEvents}). The same run id twice queues one run.
 */
@ApplicationScoped
public class TrainingRequestConsumer {

    private static final Logger LOG = Logger.getLogger(TrainingRequestConsumer.class);

    private final RunScheduler scheduler;
    private final InboundEvents inbound;

    public TrainingRequestConsumer(RunScheduler scheduler, InboundEvents inbound) {
        this.scheduler = scheduler;
        this.inbound = inbound;
    }

    @Incoming(Channels.TRAINING_REQUESTS)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        inbound.handle(record, TrainingRequested.class, this::accept);
    }

    private void accept(TrainingRequested event) {
        RunScheduler.Submitted s = scheduler.submit(new RunSubmission(event.runId(), event.datasetName(),
                event.datasetVersion(), event.modelName(), event.hyperparameters(), event.search()));
        LOG.infof("training request %s: %s", event.runId(), s.created() ? "queued" : "already known, ignored");
    }
}
