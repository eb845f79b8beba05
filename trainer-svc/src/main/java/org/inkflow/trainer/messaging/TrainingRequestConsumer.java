package org.inkflow.trainer.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.inkflow.common.events.TrainingRequested;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.WorkRecords;
import org.inkflow.trainer.runs.RunHandle;
import org.inkflow.trainer.runs.RunScheduler;
import org.inkflow.trainer.runs.RunSubmission;

/**
 * Training runs from {@code inkflow.training.requests}, with the consumer group as the ownership engine (ADR 0028):
 * the replica whose partition holds a run's record trains it, and the record is acknowledged only when the run ends
 * (COMPLETED, FAILED, STOPPED). A revoked partition pauses its runs at their next step, after a checkpoint (bounded
 * by {@code inkflow.trainer.stop-timeout}), and leaves their records uncommitted, so the next owner resumes each from
 * that checkpoint. A cancel record (same key, so the same owner) stops the run held here, or marks it STOPPED when it
 * is not training. A record that cannot run (unreadable, unknown dataset, bad hyperparameter) goes to
 * {@code inkflow.training.requests.dlq} with the reason, once; one that fails because S3 is unreachable is retried; a
 * record for a run that already ended is acknowledged.
 */
@ApplicationScoped
public class TrainingRequestConsumer {

    private final RunScheduler scheduler;
    private final WorkRecords records;
    private final TrainingRunOwnership ownership;
    private final Duration stopTimeout;

    @Inject
    public TrainingRequestConsumer(RunScheduler scheduler, WorkRecords records,
                                   @Identifier(TrainingRunOwnership.NAME) TrainingRunOwnership ownership,
                                   @ConfigProperty(name = "inkflow.trainer.stop-timeout", defaultValue = "30s")
                                   Duration stopTimeout) {
        this.scheduler = scheduler;
        this.records = records;
        this.ownership = ownership;
        this.stopTimeout = stopTimeout;
    }

    @Incoming(Channels.TRAINING_REQUESTS)
    public CompletionStage<Void> consume(Message<String> message) {
        return records.accept(message, TrainingRequested.class, TrainingRequestConsumer::unitId, ownership.work(),
                this::start);
    }

    /** A cancel is held under its own id, so it is acted on while the run it cancels is held here. */
    static String unitId(TrainingRequested request) {
        return request.isCancel() ? "cancel/" + request.runId() : request.runId();
    }

    private WorkRecords.Started start(TrainingRequested request) {
        if (request.isCancel()) {
            scheduler.cancelHere(request.runId());
            return null;
        }
        return scheduler.start(request.runId(), () -> new RunSubmission(request.runId(), request.datasetName(),
                        request.datasetVersion(), request.modelName(), request.hyperparameters(), request.search(),
                        request.mode()))
                .map(this::started)
                .orElse(null);
    }

    private WorkRecords.Started started(RunHandle run) {
        return new WorkRecords.Started(() -> run.stop(stopTimeout), run.done().thenApply(end ->
                end == RunHandle.End.ENDED ? WorkRecords.Outcome.FINISHED : WorkRecords.Outcome.STOPPED));
    }
}
