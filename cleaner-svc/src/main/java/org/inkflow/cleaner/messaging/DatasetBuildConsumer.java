package org.inkflow.cleaner.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.inkflow.cleaner.datasets.DatasetBuilder;
import org.inkflow.cleaner.datasets.DatasetSpec;
import org.inkflow.common.events.DatasetBuildRequested;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.WorkRecords;

/**
 * Dataset builds from {@code inkflow.datasets.builds}, with the consumer group as the ownership engine (ADR 0028,
 * 0034): the replica whose partition holds a dataset name's records builds it, one build per name at a time (a record
 * for a name already building here is acknowledged), and acknowledges the record when the version is PUBLISHED or
 * FAILED. A revoked partition stops its build where it is, leaving the version BUILDING and the record uncommitted,
 * so the next owner resumes it; a record whose snapshot is already built is acknowledged.
 */
@ApplicationScoped
public class DatasetBuildConsumer {

    private final DatasetBuilder builder;
    private final WorkRecords records;
    private final DatasetBuildOwnership ownership;

    public DatasetBuildConsumer(DatasetBuilder builder, WorkRecords records,
                                @Identifier(DatasetBuildOwnership.NAME) DatasetBuildOwnership ownership) {
        this.builder = builder;
        this.records = records;
        this.ownership = ownership;
    }

    @Incoming(Channels.DATASETS_BUILDS)
    public CompletionStage<Void> consume(Message<String> message) {
        return records.accept(message, DatasetBuildRequested.class, DatasetBuildRequested::name, ownership.work(), this::start);
    }

    private WorkRecords.Started start(DatasetBuildRequested request) {
        DatasetSpec spec = new DatasetSpec(request.name(), request.imageSize(), request.normalize(), request.lineArt(),
                Boolean.TRUE.equals(request.requirePaired()), request.maxPerTag(), request.minPerTag(),
                request.includeTags(), request.excludeTags(), request.train(), request.validation(), request.test(),
                request.seed());
        spec.lineArtMode(); // an unknown mode is poison: dead-lettered with the reason
        spec.normalizeMode();
        return builder.start(spec, request.after())
                .map(build -> new WorkRecords.Started(build.stop()::run, build.finished().thenApply(ended ->
                        ended ? WorkRecords.Outcome.FINISHED : WorkRecords.Outcome.STOPPED)))
                .orElse(null);
    }
}
