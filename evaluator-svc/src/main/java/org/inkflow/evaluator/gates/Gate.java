package org.inkflow.evaluator.gates;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.inkflow.common.events.ModelEvaluation.GateCheck;
import org.inkflow.evaluator.quality.Metric;
import org.inkflow.evaluator.quality.ScoreSummary;

/**
 * Decides whether a candidate is blessed: every check of its {@link GatePolicy} on the validation split must
 * pass, and each check is recorded with the value, the threshold it was held to and a sentence saying why.
 * The test split never reaches this class.
 */
public final class Gate {

    /** Check names, as events and reports show them. */
    public static final String FINITE = "finite";
    public static final String ABSOLUTE = "absolute";
    public static final String BASELINE_PREFIX = "beats-baseline:";
    public static final String PRODUCTION_PREFIX = "vs-production:";

    private final GatePolicy policy;

    public Gate(GatePolicy policy) {
        this.policy = policy;
    }

    public GatePolicy policy() {
        return policy;
    }

    /** What production looked like on the candidate's validation split, or why it could not be scored. */
    public record ProductionScores(String version, ScoreSummary summary, String error) {

        public static ProductionScores scored(String version, ScoreSummary summary) {
            return new ProductionScores(version, summary, null);
        }

        public static ProductionScores unavailable(String version, String error) {
            return new ProductionScores(version, null, error);
        }
    }

    /**
     * Runs every check. {@code baselines} maps baseline id to its validation summary; {@code production} is null
     * when no production model exists yet (the first model only has to beat the baselines).
     */
    public List<GateCheck> check(ScoreSummary candidate, Map<String, ScoreSummary> baselines,
                                 ProductionScores production) {
        List<GateCheck> checks = new ArrayList<>();
        checks.add(finiteCheck(candidate));
        policy.minimum().forEach((metric, min) -> checks.add(compare(ABSOLUTE, metric, candidate.get(metric), min, true,
                "validation " + metric.id() + " " + fmt(candidate.get(metric)) + " must be >= " + fmt(min))));
        policy.maximum().forEach((metric, max) -> checks.add(compare(ABSOLUTE, metric, candidate.get(metric), max, false,
                "validation " + metric.id() + " " + fmt(candidate.get(metric)) + " must be <= " + fmt(max))));
        baselines.forEach((id, baseline) -> policy.baselineMargins().forEach((metric, margin) ->
                checks.add(relative(BASELINE_PREFIX + id, metric, candidate, baseline, margin, true, id))));
        if (production != null) {
            if (production.summary() == null) {
                checks.add(new GateCheck(PRODUCTION_PREFIX + production.version(), "*", Double.NaN, Double.NaN, false,
                        "production version " + production.version() + " could not be scored on this dataset: "
                                + production.error()));
            } else {
                policy.productionTolerances().forEach((metric, tolerance) -> checks.add(relative(
                        PRODUCTION_PREFIX + production.version(), metric, candidate, production.summary(), tolerance,
                        false, "production " + production.version())));
            }
        }
        return checks;
    }

    /** A candidate is blessed when there are checks and every one passed. */
    public static boolean blessed(List<GateCheck> checks) {
        return !checks.isEmpty() && checks.stream().allMatch(GateCheck::passed);
    }

    private static GateCheck finiteCheck(ScoreSummary candidate) {
        List<String> broken = new ArrayList<>();
        for (Metric m : Metric.values()) {
            if (!Double.isFinite(candidate.get(m))) {
                broken.add(m.id());
            }
        }
        return new GateCheck(FINITE, "*", broken.size(), 0, broken.isEmpty(), broken.isEmpty()
                ? "every validation metric is a finite number"
                : "validation metrics " + broken + " are not finite numbers: the model output NaN or infinity");
    }

    /**
     * {@code mustBeat}: better than the reference by at least {@code delta} (baselines); otherwise no worse than the
     * reference by more than {@code delta} (production).
     */
    private static GateCheck relative(String name, Metric metric, ScoreSummary candidate, ScoreSummary reference,
                                      double delta, boolean mustBeat, String referenceName) {
        double value = candidate.get(metric);
        double ref = reference.get(metric);
        double shift = mustBeat ? delta : -delta;
        double threshold = metric.higherIsBetter() ? ref + shift : ref - shift;
        String op = metric.higherIsBetter() ? ">=" : "<=";
        String sign = (metric.higherIsBetter() == mustBeat) ? " + " : " - ";
        String detail = "validation " + metric.id() + " " + fmt(value) + " must be " + op + " " + referenceName + " "
                + fmt(ref) + sign + (mustBeat ? "margin " : "tolerance ") + fmt(delta) + " = " + fmt(threshold);
        return compare(name, metric, value, threshold, metric.higherIsBetter(), detail);
    }

    private static GateCheck compare(String name, Metric metric, double value, double threshold, boolean atLeast,
                                     String detail) {
        // NaN fails every comparison, which is what a broken score should do.
        boolean passed = atLeast ? value >= threshold : value <= threshold;
        return new GateCheck(name, metric.id(), value, threshold, passed, detail);
    }

    static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : String.valueOf(v);
    }
}
