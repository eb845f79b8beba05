package org.inkflow.evaluator.scoring;

import org.inkflow.evaluator.dataset.LoadedSample;
import org.inkflow.evaluator.quality.SampleScore;

/** A sample kept for the report: its pixels, the prediction ({@code [H,W,3]}) and its scores. */
public record ScoredExample(LoadedSample sample, float[] prediction, SampleScore score) {
}
