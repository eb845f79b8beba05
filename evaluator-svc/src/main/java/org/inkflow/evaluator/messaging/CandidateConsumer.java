package org.inkflow.evaluator.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.InboundEvents;
import org.inkflow.evaluator.evaluation.CandidateEvaluator;

/**
 * Reads {@code models.candidates} and evaluates each candidate. A record that cannot be read, or a candidate that
 * cannot be evaluated, goes to {@code inkflow.models.candidates.dlq} with the reason, and the next candidate is
 * evaluated; S3 or Kafka outages are retried first ({@link InboundEvents}).
 */
@ApplicationScoped
public class CandidateConsumer {

    private final CandidateEvaluator evaluator;
    private final InboundEvents inbound;

    public CandidateConsumer(CandidateEvaluator evaluator, InboundEvents inbound) {
        this.evaluator = evaluator;
        this.inbound = inbound;
    }

    @Incoming(Channels.MODELS_CANDIDATES)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        inbound.handle(record, ModelCandidate.class, evaluator::evaluate);
    }
}
