package org.inkflow.evaluator.promotion;

/**
 * The promotion rules from configuration: the alias used when none is given, and whether ensembles may be
 * promoted (inference-svc loads one SavedModel, so by default they are not).
 */
public record PromotionSettings(String alias, boolean promoteEnsembles) {
}
