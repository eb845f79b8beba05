package org.inkflow.trainer.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.events.TrainingProgress;
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

    public TrainerEvents(@Channel(Channels.TRAINING_PROGRESS) Emitter<String> progress,
                         @Channel(Channels.MODELS_CANDIDATES) Emitter<String> candidates) {
        this.progress = progress;
        this.candidates = candidates;
    }

    public void progress(TrainingProgress event) {
        try {
            progress.send(KafkaRecord.of(event.key(), EventJson.write(event)));
        } catch (RuntimeException e) {
            LOG.warnf("could not publish progress of run %s: %s", event.runId(), e.getMessage());
        }
    }

    public void candidate(ModelCandidate event) {
        try {
            KafkaRecord<String, String> record = KafkaRecord.of(event.key(), EventJson.write(event));
            java.util.concurrent.CompletableFuture<Void> acked = new java.util.concurrent.CompletableFuture<>();
            candidates.send(record.withAck(() -> {
                acked.complete(null);
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }).withNack(e -> {
                acked.completeExceptionally(e);
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }));
            acked.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing model candidate " + event.version(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish model candidate " + event.modelName() + "/"
                    + event.version() + " to Kafka: " + e.getMessage(), e);
        }
    }
}
