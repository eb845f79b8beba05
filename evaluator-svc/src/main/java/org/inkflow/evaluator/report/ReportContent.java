package org.inkflow.evaluator.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.inkflow.common.artifacts.SplitScores;
import org.inkflow.common.events.ModelEvaluation.GateCheck;
import org.inkflow.evaluator.gates.Gate.ProductionScores;
import org.inkflow.evaluator.scoring.SplitResult;

/**
 * Everything an evaluation report shows. {@code candidate} maps split to the candidate's result (validation with
 * its grid and worst samples; test with numbers); {@code baselines} maps split to baseline id to scores;
 * {@code production} is null without a production model; {@code curves} is null when the run left none, and
 * {@code curvesNote} then says why.
 */
public record ReportContent(String modelName, String version, String runId, String location, String datasetName,
                            String datasetVersion, List<String> members, boolean blessed, Instant evaluatedAt,
                            String ssimWindow, List<String> credits, Map<String, SplitResult> candidate,
                            Map<String, Map<String, SplitScores>> baselines, ProductionScores production,
                            List<GateCheck> checks, TrainingCurves curves, String curvesNote,
                            RunNetworkPictures network) {

    public ReportContent {
        members = members == null ? List.of() : List.copyOf(members);
        credits = credits == null ? List.of() : List.copyOf(credits);
        checks = List.copyOf(checks);
    }
}
