package org.inkflow.evaluator.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.inkflow.common.events.Event;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.events.ModelEvaluation;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.messaging.EventRecords;

/**
 * Sends the evaluator's events as JSON strings keyed by {@code event.key()}, and waits for the broker's ack so a
 * caller knows the event is stored before it records or answers anything.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<String> evaluations;
    private final MutinyEmitter<String> promotions;
    private final MutinyEmitter<String> candidates;

    public EventPublisher(@Channel(Channels.EVALUATIONS) MutinyEmitter<String> evaluations,
                          @Channel(Channels.PROMOTIONS_OUT) MutinyEmitter<String> promotions,
                          @Channel(Channels.CANDIDATES_OUT) MutinyEmitter<String> candidates) {
        this.evaluations = evaluations;
        this.promotions = promotions;
        this.candidates = candidates;
    }

    public void evaluation(ModelEvaluation event) {
        send(evaluations, event);
    }

    public void promotion(ModelPromotion event) {
        send(promotions, event);
    }

    public void candidate(ModelCandidate event) {
        send(candidates, event);
    }

    private static void send(MutinyEmitter<String> emitter, Event event) {
        emitter.sendMessage(EventRecords.record(event)).await().atMost(ACK_TIMEOUT);
    }
}
