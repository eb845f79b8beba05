package org.inkflow.evaluator.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.evaluator.promotion.PromotionService;

/**
 * Replays the compacted {@code models.promotions} topic from its start at every start (a fresh consumer group),
 * so the registry learns promotions whose S3 write was lost and ones made by another evaluator. Its own events
 * come back here too and change nothing.
 */
@ApplicationScoped
public class PromotionConsumer {

    private final PromotionService promotions;

    public PromotionConsumer(PromotionService promotions) {
        this.promotions = promotions;
    }

    @Incoming(Channels.PROMOTIONS)
    @Blocking
    public void consume(String json) {
        promotions.observe(EventJson.read(json, ModelPromotion.class));
    }
}
