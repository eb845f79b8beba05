package org.inkflow.evaluator.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.InboundEvents;
import org.inkflow.evaluator.promotion.PromotionService;

/**
 * Replays the compacted {@code models.promotions} topic from its start at every start (a fresh consumer group),
 * so the registry learns promotions whose S3 write was lost and ones made by another evaluator. Its own events
 * come back here too and change nothing.
 */
@ApplicationScoped
public class PromotionConsumer {

    private final PromotionService promotions;
    private final InboundEvents inbound;

    public PromotionConsumer(PromotionService promotions, InboundEvents inbound) {
        this.promotions = promotions;
        this.inbound = inbound;
    }

    @Incoming(Channels.MODELS_PROMOTIONS)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        inbound.handle(record, ModelPromotion.class, promotions::observe);
    }
}
