package org.inkflow.inference.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.messaging.Channels;
import org.inkflow.common.messaging.InboundEvents;
import org.inkflow.inference.service.ColorizerService;

/**
 * Reads the compacted {@code inkflow.models.promotions} from its beginning at every start (a fresh consumer group
 * per process, no committed offsets), so the latest promotion of this service's model and alias is always seen. A
 * record that is not a valid promotion throws and goes to {@code inkflow.models.promotions.dlq}; a valid promotion
 * of a model that then fails to load is not a poison record: it is counted and logged, and the current version
 * keeps serving.
 */
@ApplicationScoped
public class PromotionConsumer {

    private final ColorizerService service;
    private final InboundEvents inbound;

    public PromotionConsumer(ColorizerService service, InboundEvents inbound) {
        this.service = service;
        this.inbound = inbound;
    }

    @Incoming(Channels.MODELS_PROMOTIONS)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        inbound.handle(record, ModelPromotion.class, service::promote);
    }
}
