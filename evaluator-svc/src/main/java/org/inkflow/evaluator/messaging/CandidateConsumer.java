package org.inkflow.evaluator.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.evaluator.evaluation.CandidateEvaluator;

/**
 * Reads {@code models.candidates} and evaluates each candidate. A record that cannot be read, or a candidate that
 * cannot be evaluated, throws: SmallRye's dead-letter strategy moves it to {@code inkflow.models.candidates.dlq}
 * with the reason, and the next candidate is evaluated.
 */
@ApplicationScoped
public class CandidateConsumer {

    private final CandidateEvaluator evaluator;

    public CandidateConsumer(CandidateEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    @Incoming(Channels.CANDIDATES)
    @Blocking
    public void consume(String json) {
        evaluator.evaluate(EventJson.read(json, ModelCandidate.class));
    }
}
