package org.inkflow.trainer.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.common.events.DatasetPublished;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.InboundEvents;
import org.inkflow.trainer.config.TrainerConfig;
import org.inkflow.trainer.runs.RunScheduler;
import org.inkflow.trainer.runs.RunSubmission;
import org.jboss.logging.Logger;

/**
 * Reads {@code inkflow.datasets}; with {@code inkflow.trainer.auto-train=true} every new dataset version gets a
 * run with default hyperparameters, its id {@code auto-<name>-<version>} so a replayed record trains nothing twice.
 */
@ApplicationScoped
public class DatasetConsumer {

    private static final Logger LOG = Logger.getLogger(DatasetConsumer.class);

    private final RunScheduler scheduler;
    private final TrainerConfig config;
    private final InboundEvents inbound;

    public DatasetConsumer(RunScheduler scheduler, TrainerConfig config, InboundEvents inbound) {
        this.scheduler = scheduler;
        this.config = config;
        this.inbound = inbound;
    }

    @Incoming(Channels.DATASETS)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        inbound.handle(record, DatasetPublished.class, this::accept);
    }

    private void accept(DatasetPublished event) {
        if (!config.autoTrain()) {
            LOG.debugf("dataset %s/%s published; auto-train is off", event.name(), event.version());
            return;
        }
        String runId = ("auto-" + event.name() + "-" + event.version()).replaceAll("[^A-Za-z0-9._-]", "-");
        RunScheduler.Submitted s = scheduler.submit(new RunSubmission(runId, event.name(), event.version(),
                config.defaultModelName(), Map.of(), null));
        LOG.infof("dataset %s/%s: auto-train run %s %s", event.name(), event.version(), runId,
                s.created() ? "queued" : "already known");
    }
}
