package org.inkflow.evaluator.promotion;

import java.time.Duration;

/**
 * The promotion rules from configuration: the alias used when none is given, whether ensembles may be promoted
 * (inference-svc loads one SavedModel, so by default they are not), and how long a promotion waits for the topic to
 * bring its event back before recording it directly.
 */
public record PromotionSettings(String alias, boolean promoteEnsembles, Duration echoWait) {
}
