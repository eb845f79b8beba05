package org.inkflow.evaluator.evaluation;

/**
 * How candidates are evaluated, from configuration: whether a blessed candidate (or ensemble) is promoted at
 * once, how many samples the report shows, the per-tag limit, and the cap on samples scored per split (0: all).
 */
public record EvaluationSettings(boolean promoteOnBless, boolean promoteEnsembles, int gridSamples, int worstK,
                                 int tagLimit, int maxSamplesPerSplit) {
}
