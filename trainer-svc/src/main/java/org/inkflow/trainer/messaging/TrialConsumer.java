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

/**
 * Search trials from {@code inkflow.training.trials} (one record per trial, key the trial's run id), owned as runs
 * are (ADR 0028): the replica whose partition holds a trial's record trains it, acknowledges the record when the trial
 * ends, and pauses it at its next step (after a checkpoint) when the partition moves, so its next owner resumes it.
 * The search that sent it reads the trial's result from its status in S3. A cancel record (the search was stopped)
 * stops the trial wherever it is. A trial record needs the status its search saved; one without goes to
 * {@code inkflow.training.trials.dlq}.
 */
@ApplicationScoped
public class TrialConsumer {

    private final RunScheduler scheduler;
    private final WorkRecords records;
    private final TrialOwnership ownership;
    private final Duration stopTimeout;

    @Inject
    public TrialConsumer(RunScheduler scheduler, WorkRecords records,
                         @Identifier(TrialOwnership.NAME) TrialOwnership ownership,
                         @ConfigProperty(name = "inkflow.trainer.stop-timeout", defaultValue = "30s") Duration stopTimeout) {
        this.scheduler = scheduler;
        this.records = records;
        this.ownership = ownership;
        this.stopTimeout = stopTimeout;
    }

    @Incoming(Channels.TRAINING_TRIALS)
    public CompletionStage<Void> consume(Message<String> message) {
        return records.accept(message, TrainingRequested.class, TrainingRequestConsumer::unitId, ownership.work(),
                this::start);
    }

    private WorkRecords.Started start(TrainingRequested request) {
        if (request.isCancel()) {
            scheduler.cancelHere(request.runId());
            return null;
        }
        return scheduler.start(request.runId(), () -> {
            throw new IllegalArgumentException("trial " + request.runId() + " has no status in S3; a trial record is"
                    + " sent only by its search, after the trial's status is saved");
        }).map(this::started).orElse(null);
    }

    private WorkRecords.Started started(RunHandle run) {
        return new WorkRecords.Started(() -> run.stop(stopTimeout), run.done().thenApply(end ->
                end == RunHandle.End.ENDED ? WorkRecords.Outcome.FINISHED : WorkRecords.Outcome.STOPPED));
    }
}
