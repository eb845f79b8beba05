package org.inkflow.evaluator.gates;

import java.util.EnumMap;
import java.util.Map;
import org.inkflow.evaluator.quality.Metric;

/**
 * The thresholds a candidate's validation scores are held to, like TFX Evaluator's value and change thresholds:
 * absolute bounds per metric, a margin by which each baseline must be beaten, and a tolerance by which the
 * production model may be out-scored. Margins and tolerances are in the metric's own unit and always positive;
 * the metric's direction says which way they apply.
 */
public record GatePolicy(Map<Metric, Double> minimum, Map<Metric, Double> maximum,
                         Map<Metric, Double> baselineMargins, Map<Metric, Double> productionTolerances) {

    public GatePolicy {
        minimum = copy(minimum);
        maximum = copy(maximum);
        baselineMargins = copy(baselineMargins);
        productionTolerances = copy(productionTolerances);
        baselineMargins.forEach((m, v) -> requireNonNegative(v, "baseline margin of " + m.id()));
        productionTolerances.forEach((m, v) -> requireNonNegative(v, "production tolerance of " + m.id()));
    }

    /** Builds a policy from metric ids, as configuration gives them; unknown ids fail with the known ones listed. */
    public static GatePolicy fromIds(Map<String, Double> minimum, Map<String, Double> maximum,
                                     Map<String, Double> baselineMargins, Map<String, Double> productionTolerances) {
        return new GatePolicy(byMetric(minimum, "inkflow.evaluator.gates.minimum"),
                byMetric(maximum, "inkflow.evaluator.gates.maximum"),
                byMetric(baselineMargins, "inkflow.evaluator.gates.baseline-margin"),
                byMetric(productionTolerances, "inkflow.evaluator.gates.production-tolerance"));
    }

    private static Map<Metric, Double> byMetric(Map<String, Double> values, String where) {
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        values.forEach((id, v) -> out.put(Metric.require(id, where), v));
        return out;
    }

    private static Map<Metric, Double> copy(Map<Metric, Double> values) {
        // EnumMap keeps the metrics' declared order, so checks come out in a stable order.
        return values == null || values.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(values));
    }

    private static void requireNonNegative(double value, String what) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(what + " must be >= 0; got " + value);
        }
    }
}
