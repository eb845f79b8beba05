package org.inkflow.trainer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.inkflow.common.metrics.MetricNames;
import org.inkflow.trainer.training.StepRecord;
import org.inkflow.trainer.training.ValidationRecord;

/**
 * The trainer's Prometheus metrics (names in docs/CONTRACTS.md), labelled by run and, where it applies, layer.
 * Gauges read values the training loop writes; meters of old runs are removed so label cardinality stays bounded.
 */
public final class TrainerMetrics {

    static final String SERVICE = "trainer";
    public static final String LOSS = MetricNames.of(SERVICE, "loss");
    public static final String LEARNING_RATE = MetricNames.of(SERVICE, "learning_rate");
    public static final String GRADIENT_NORM = MetricNames.of(SERVICE, "gradient_norm");
    public static final String WEIGHT_MEAN = MetricNames.of(SERVICE, "weight_mean");
    public static final String WEIGHT_STD = MetricNames.of(SERVICE, "weight_std");
    public static final String DEAD_ACTIVATION_RATIO = MetricNames.of(SERVICE, "dead_activation_ratio");
    public static final String UPDATE_RATIO = MetricNames.of(SERVICE, "update_ratio");
    public static final String THROUGHPUT = MetricNames.of(SERVICE, "throughput", "samples_per_second");
    public static final String STEPS = MetricNames.of(SERVICE, "steps");
    public static final String LAST_CHECKPOINT = MetricNames.of(SERVICE, "last_checkpoint_timestamp", "seconds");
    public static final String ACTIVE_RUNS = MetricNames.of(SERVICE, "active_runs");
    public static final String STEP_TIME = MetricNames.of(SERVICE, "step");
    public static final String NONFINITE_LOSS = MetricNames.of(SERVICE, "nonfinite_loss");
    public static final String RUN_STATE = MetricNames.of(SERVICE, "run_state");
    /** The label of the whole-model gradient norm beside the per-layer ones. */
    public static final String GLOBAL_LAYER = "global";

    private static final int KEEP_RUNS = 20;

    private final MeterRegistry registry;
    private final Timer stepTimer;
    private final AtomicInteger active = new AtomicInteger();
    private final Map<String, RunMeters> runs = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();

    public TrainerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stepTimer = Timer.builder(STEP_TIME).description("wall time of one training step, data wait included")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        Gauge.builder(ACTIVE_RUNS, active, AtomicInteger::get).description("training runs now running")
                .register(registry);
    }

    public void runStarted() {
        active.incrementAndGet();
    }

    public void runEnded() {
        active.decrementAndGet();
    }

    public int activeRuns() {
        return active.get();
    }

    /** The meters of one run, created on first use. */
    public RunMeters run(String runId) {
        return runs.computeIfAbsent(runId, id -> {
            synchronized (order) {
                order.add(id);
                while (order.size() > KEEP_RUNS) {
                    RunMeters old = runs.remove(order.remove(0));
                    if (old != null) {
                        old.remove();
                    }
                }
            }
            return new RunMeters(id);
        });
    }

    /** One run's gauges and counters. */
    public final class RunMeters {

        private final String runId;
        private final List<Meter> meters = new ArrayList<>();
        private final Map<String, double[]> values = new ConcurrentHashMap<>();
        private final Counter steps;
        private final Counter nonFinite;
        private volatile String state = "";

        RunMeters(String runId) {
            this.runId = runId;
            gauge(LOSS, Tags.of("run", runId, "split", "train"), "train");
            gauge(LOSS, Tags.of("run", runId, "split", "validation"), "validation");
            gauge(LEARNING_RATE, Tags.of("run", runId), "lr");
            gauge(THROUGHPUT, Tags.of("run", runId), "throughput");
            gauge(LAST_CHECKPOINT, Tags.of("run", runId), "checkpoint");
            gauge(GRADIENT_NORM, Tags.of("run", runId, "layer", GLOBAL_LAYER), "grad:" + GLOBAL_LAYER);
            steps = Counter.builder(STEPS).tags("run", runId).description("optimizer steps taken").register(registry);
            nonFinite = Counter.builder(NONFINITE_LOSS).tags("run", runId)
                    .description("steps whose loss or gradient was NaN or infinite").register(registry);
            meters.add(steps);
            meters.add(nonFinite);
            for (String s : List.of("QUEUED", "RUNNING", "COMPLETED", "FAILED", "STOPPED")) {
                meters.add(Gauge.builder(RUN_STATE, this, m -> m.state.equals(s) ? 1 : 0)
                        .tags("run", runId, "state", s).description("1 for the run's current state").register(registry));
            }
        }

        private void gauge(String name, Tags tags, String key) {
            double[] holder = values.computeIfAbsent(key, k -> new double[] {Double.NaN});
            meters.add(Gauge.builder(name, holder, h -> h[0]).tags(tags).register(registry));
        }

        private void set(String name, String layer, String key, double value) {
            if (!values.containsKey(key)) {
                gauge(name, Tags.of("run", runId, "layer", layer), key);
            }
            values.get(key)[0] = value;
        }

        public void state(String newState) {
            state = newState;
        }

        public void step(StepRecord r) {
            steps.increment();
            stepTimer.record(Duration.ofNanos((long) (r.stepSeconds() * 1e9)));
            if (!Double.isFinite(r.trainLoss()) || !Double.isFinite(r.gradientNorm())) {
                nonFinite.increment();
                return;
            }
            values.get("train")[0] = r.trainLoss();
            values.get("lr")[0] = r.learningRate();
            values.get("grad:" + GLOBAL_LAYER)[0] = r.gradientNorm();
            if (r.logged()) {
                values.get("throughput")[0] = r.samplesPerSecond();
                Map<String, StepRecord.LayerRecord> layers = new LinkedHashMap<>(r.layers());
                layers.forEach((layer, l) -> {
                    set(GRADIENT_NORM, layer, "grad:" + layer, l.gradientNorm());
                    set(WEIGHT_MEAN, layer, "wmean:" + layer, l.weightMean());
                    set(WEIGHT_STD, layer, "wstd:" + layer, l.weightStd());
                    set(DEAD_ACTIVATION_RATIO, layer, "dead:" + layer, l.deadRatio());
                    set(UPDATE_RATIO, layer, "update:" + layer, l.updateRatio());
                });
            }
        }

        public void validation(ValidationRecord r) {
            values.get("validation")[0] = r.validationLoss();
        }

        public void checkpointed(double epochSeconds) {
            values.get("checkpoint")[0] = epochSeconds;
        }

        void remove() {
            meters.forEach(registry::remove);
        }
    }
}
