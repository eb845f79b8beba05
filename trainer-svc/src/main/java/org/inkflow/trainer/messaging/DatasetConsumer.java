package org.inkflow.trainer.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.common.events.DatasetPublished;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.InboundEvents;
import org.inkflow.trainer.runs.ContinuousTraining;
import org.inkflow.trainer.runs.RunScheduler;
import org.inkflow.trainer.runs.RunSubmission;
import org.jboss.logging.Logger;

/**
 * Reads {@code inkflow.datasets} and queues the run {@link ContinuousTraining} gives each new dataset version
 * ({@code inkflow.trainer.auto-train.*}); a replayed record finds its run and trains nothing twice. A version that
 * cannot be trained (missing, no training samples) throws and goes to {@code inkflow.datasets.dlq} with the reason.
 */
@ApplicationScoped
public class DatasetConsumer {

    private static final Logger LOG = Logger.getLogger(DatasetConsumer.class);

    private final RunScheduler scheduler;
    private final ContinuousTraining training;
    private final InboundEvents inbound;

    public DatasetConsumer(RunScheduler scheduler, ContinuousTraining training, InboundEvents inbound) {
        this.scheduler = scheduler;
        this.training = training;
        this.inbound = inbound;
    }

    @Incoming(Channels.DATASETS)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        inbound.handle(record, DatasetPublished.class, this::accept);
    }

    private void accept(DatasetPublished event) {
        Optional<RunSubmission> run = training.runFor(event.name(), event.version());
        if (run.isEmpty()) {
            LOG.debugf("dataset %s/%s published; auto-train is off", event.name(), event.version());
            return;
        }
        RunScheduler.Submitted s = scheduler.submit(run.get());
        LOG.infof("dataset %s/%s: auto-train run %s %s", event.name(), event.version(), run.get().runId(),
                s.created() ? "queued" : "already known, not trained again");
    }
}
