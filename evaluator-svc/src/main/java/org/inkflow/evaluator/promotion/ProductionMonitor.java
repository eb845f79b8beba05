package org.inkflow.evaluator.promotion;

/** Told which version the production alias of a model points at, for monitoring. */
public interface ProductionMonitor {

    void production(String model, String version);
}
