package org.inkflow.common.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The channels' failure strategy ({@code failure-strategy=inkflow-dead-letter-queue}): SmallRye's own
 * {@code dead-letter-queue} (same {@code dead-letter-queue.*} settings, same headers), plus a
 * {@value #ATTEMPTS_HEADER} header with the number of times {@link InboundEvents} ran the record before giving up
 * (1 for poison, more for a transient failure whose retries ran out). A {@code @Blocking} consumer cannot add a
 * header to the record SmallRye dead-letters, so the header is added here, where the dead letter is written.
 */
@ApplicationScoped
@Identifier(DeadLetterWithAttempts.STRATEGY)
public class DeadLetterWithAttempts implements KafkaFailureHandler.Factory {

    public static final String STRATEGY = "inkflow-dead-letter-queue";
    public static final String ATTEMPTS_HEADER = "dead-letter-attempts";

    private final KafkaFailureHandler.Factory deadLetterQueue;
    private final InboundEvents inbound;

    @Inject
    public DeadLetterWithAttempts(@Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE) KafkaFailureHandler.Factory deadLetterQueue,
                                  InboundEvents inbound) {
        this.deadLetterQueue = deadLetterQueue;
        this.inbound = inbound;
    }

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx, KafkaConsumer<?, ?> consumer,
                                      BiConsumer<Throwable, Boolean> reportFailure) {
        KafkaFailureHandler delegate = deadLetterQueue.create(config, vertx, consumer, reportFailure);
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                int attempts = inbound.deadLetterAttempts(record.getTopic(), record.getPartition(), record.getOffset()).orElse(1);
                return delegate.handle(record, reason, withAttempts(metadata, attempts));
            }

            @Override
            public void terminate() {
                delegate.terminate();
            }
        };
    }

    /** {@code metadata} with an {@link OutgoingKafkaRecordMetadata} whose headers include the attempt count. */
    static Metadata withAttempts(Metadata metadata, int attempts) {
        Metadata base = metadata == null ? Metadata.empty() : metadata;
        OutgoingKafkaRecordMetadata<?> given = base.get(OutgoingKafkaRecordMetadata.class).orElse(null);
        RecordHeaders headers = new RecordHeaders();
        if (given != null && given.getHeaders() != null) {
            given.getHeaders().forEach(h -> headers.add(h.key(), h.value()));
        }
        headers.remove(ATTEMPTS_HEADER);
        headers.add(ATTEMPTS_HEADER, String.valueOf(attempts).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<Object> builder = OutgoingKafkaRecordMetadata.builder()
                .withHeaders(headers);
        if (given != null) {
            builder.withTopic(given.getTopic()).withKey(given.getKey()).withPartition(given.getPartition());
        }
        return base.with(builder.build());
    }
}
