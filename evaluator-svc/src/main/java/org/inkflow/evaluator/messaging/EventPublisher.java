package org.inkflow.evaluator.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.events.ModelEvaluation;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.EventSender;
import org.inkflow.evaluator.evaluation.EvaluationEvents;
import org.inkflow.evaluator.promotion.PromotionSink;

/**
 * The domain's {@link EvaluationEvents} and {@link PromotionSink} on Kafka: sends each event keyed by
 * {@code event.key()} and waits for the broker's ack, so a caller knows the event is stored before it records or
 * answers anything. Candidates and promotions go out on the {@code -out}
 * channels because this service also reads those topics.
 */
@ApplicationScoped
public class EventPublisher implements EvaluationEvents, PromotionSink {

    private final Emitter<String> evaluations;
    private final Emitter<String> promotions;
    private final Emitter<String> candidates;
    private final EventSender sender;

    public EventPublisher(@Channel(Channels.MODELS_EVALUATIONS) Emitter<String> evaluations,
                          @Channel(Channels.MODELS_PROMOTIONS_OUT) Emitter<String> promotions,
                          @Channel(Channels.MODELS_CANDIDATES_OUT) Emitter<String> candidates,
                          EventSender sender) {
        this.evaluations = evaluations;
        this.promotions = promotions;
        this.candidates = candidates;
        this.sender = sender;
    }

    @Override
    public void evaluation(ModelEvaluation event) {
        sender.send(evaluations, event);
    }

    @Override
    public void promotion(ModelPromotion event) {
        sender.send(promotions, event);
    }

    @Override
    public void candidate(ModelCandidate event) {
        sender.send(candidates, event);
    }
}
