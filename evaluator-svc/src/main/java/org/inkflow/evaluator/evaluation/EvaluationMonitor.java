package org.inkflow.evaluator.evaluation;

import java.time.Duration;
import org.inkflow.evaluator.quality.ScoreSummary;

/** What an evaluation reports for monitoring: scores, baseline scores, decisions and how long it took. */
public interface EvaluationMonitor {

    void scores(String model, String version, String split, ScoreSummary summary);

    void baselineScores(String baseline, String split, ScoreSummary summary);

    /** {@code outcome} is blessed, rejected or failed. */
    void decision(String model, String outcome);

    void evaluated(Duration took);
}
