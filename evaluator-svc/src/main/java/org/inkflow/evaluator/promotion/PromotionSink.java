package org.inkflow.evaluator.promotion;

import org.inkflow.common.events.ModelPromotion;

/**
 * Where promotions and rollbacks go: the compacted {@code models.promotions} topic that the serving side follows.
 * Returns once the broker has stored the event, so the history is written only after the signal is out.
 */
public interface PromotionSink {

    void promotion(ModelPromotion event);
}
