package org.inkflow.evaluator.evaluation;

import org.inkflow.common.artifacts.AttemptCap;

/**
 * How candidates are evaluated, from configuration: whether a blessed candidate (or ensemble) is promoted at
 * once, how many samples the report shows, the per-tag limit, the cap on samples scored per split (0: all) and
 * the cap on starts of one evaluation.
 */
public record EvaluationSettings(boolean promoteOnBless, boolean promoteEnsembles, int gridSamples, int worstK,
                                 int tagLimit, int maxSamplesPerSplit, AttemptCap attempts) {
}
