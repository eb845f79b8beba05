package org.inkflow.evaluator.api;

import java.util.List;
import java.util.Map;
import org.inkflow.common.events.ModelPromotion;

/** {@code GET /models/{name}/promotions}: the current aliases and every promotion and rollback, oldest first. */
public record PromotionsView(String name, Map<String, String> aliases, List<ModelPromotion> history) {
}
