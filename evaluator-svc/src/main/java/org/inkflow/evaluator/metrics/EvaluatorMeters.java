package org.inkflow.evaluator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.inkflow.common.metrics.MetricNames;
import org.inkflow.evaluator.evaluation.EvaluationMonitor;
import org.inkflow.evaluator.promotion.ProductionMonitor;
import org.inkflow.evaluator.quality.Metric;
import org.inkflow.evaluator.quality.ScoreSummary;

/**
 * The evaluator's Prometheus metrics, named as docs/CONTRACTS.md lists: scores per model version, split and
 * metric; baseline scores; gate decisions by outcome; the production version; evaluation duration.
 */
@ApplicationScoped
public class EvaluatorMeters implements EvaluationMonitor, ProductionMonitor {

    public static final String SCORE = MetricNames.of("evaluator", "score");
    public static final String BASELINE_SCORE = MetricNames.of("evaluator", "baseline_score");
    public static final String GATE_DECISIONS = MetricNames.of("evaluator", "gate_decisions");
    public static final String PRODUCTION_INFO = MetricNames.of("evaluator", "production", "info");
    public static final String EVALUATION = MetricNames.of("evaluator", "evaluation");
    public static final String FORCED_PROMOTIONS = MetricNames.of("evaluator", "forced_promotions");

    private final MeterRegistry registry;
    private final Timer evaluation;
    // Micrometer holds gauge objects weakly; these maps keep them alive.
    private final Map<Tags, double[]> gaugeValues = new ConcurrentHashMap<>();
    private final Map<String, Gauge> productionGauges = new HashMap<>();

    public EvaluatorMeters(MeterRegistry registry) {
        this.registry = registry;
        this.evaluation = Timer.builder(EVALUATION)
                .description("Time to evaluate one candidate: scoring, gates, report")
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void evaluated(Duration took) {
        evaluation.record(took);
    }

    /** {@code inkflow_evaluator_score{model,version,split,metric}}. */
    @Override
    public void scores(String model, String version, String split, ScoreSummary summary) {
        for (Metric metric : Metric.PUBLISHED) {
            gauge(SCORE, "A model version's mean score on a dataset split",
                    Tags.of("model", model, "version", version, "split", split, "metric", metric.id()),
                    summary.get(metric));
        }
    }

    /** {@code inkflow_evaluator_baseline_score{baseline,split,metric}}, for the latest dataset scored. */
    @Override
    public void baselineScores(String baseline, String split, ScoreSummary summary) {
        for (Metric metric : Metric.PUBLISHED) {
            gauge(BASELINE_SCORE, "A baseline's mean score on the latest evaluated dataset's split",
                    Tags.of("baseline", baseline, "split", split, "metric", metric.id()), summary.get(metric));
        }
    }

    /** {@code inkflow_evaluator_forced_promotions_total{model}}: promotions an operator made with {@code force}. */
    public void forcedPromotion(String model) {
        Counter.builder(FORCED_PROMOTIONS)
                .description("Promotions requested with force (which may point an alias at an unblessed version)")
                .tags("model", model)
                .register(registry)
                .increment();
    }

    /** {@code inkflow_evaluator_gate_decisions_total{model,outcome}}, outcome blessed|rejected|failed. */
    @Override
    public void decision(String model, String outcome) {
        Counter.builder(GATE_DECISIONS)
                .description("Candidates decided, by outcome (blessed, rejected, failed)")
                .tags("model", model, "outcome", outcome)
                .register(registry)
                .increment();
    }

    /** {@code inkflow_evaluator_production_info{model,version}} = 1 for the version the production alias points at. */
    @Override
    public synchronized void production(String model, String version) {
        Gauge old = productionGauges.remove(model);
        if (old != null) {
            registry.remove(old);
        }
        productionGauges.put(model, Gauge.builder(PRODUCTION_INFO, () -> 1)
                .description("1 for the version the production alias points at")
                .tags("model", model, "version", version)
                .register(registry));
    }

    private void gauge(String name, String description, Tags tags, double value) {
        Tags key = tags.and("name", name);
        double[] holder = gaugeValues.computeIfAbsent(key, k -> {
            double[] h = new double[1];
            Gauge.builder(name, h, v -> v[0]).description(description).tags(tags).register(registry);
            return h;
        });
        holder[0] = value;
    }
}
