package org.inkflow.evaluator.evaluation;

import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.events.ModelEvaluation;

/**
 * Where the evaluation side's events go ({@code models.evaluations}, and {@code models.candidates} for ensembles).
 * Each call returns once the broker has stored the event, so a caller records its decision only after it is sent.
 */
public interface EvaluationEvents {

    void evaluation(ModelEvaluation event);

    void candidate(ModelCandidate event);
}
