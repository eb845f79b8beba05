package org.inkflow.cleaner.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.inkflow.cleaner.filters.RejectionRule;
import org.inkflow.cleaner.split.SplitAssigner;
import org.inkflow.common.metrics.MetricNames;

/**
 * The {@code inkflow_cleaner_*} metrics of docs/CONTRACTS.md. Every rule and split is registered at zero at start,
 * so dashboards and alerts have a series before the first rejection.
 */
@ApplicationScoped
public class CleanerMetrics {

    private static final String SERVICE = "cleaner";

    private final MeterRegistry registry;
    private final Counter received;
    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Timer process;
    private final Map<String, AtomicLong> datasetSamples = new ConcurrentHashMap<>();

    public CleanerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder(MetricNames.of(SERVICE, "received", "images"))
                .description("images.raw events read and understood").register(registry);
        this.process = Timer.builder(MetricNames.of(SERVICE, "process"))
                .description("Time to turn one raw image into a sample or a rejection, S3 and Kafka included")
                .publishPercentileHistogram().register(registry);
        SplitAssigner.SPLITS.forEach(this::acceptedCounter);
        for (RejectionRule rule : RejectionRule.values()) {
            rejectedCounter(rule.id());
        }
    }

    public void received() {
        received.increment();
    }

    public void accepted(String split) {
        acceptedCounter(split).increment();
    }

    public void rejected(String rule) {
        rejectedCounter(rule).increment();
    }

    public Timer processTimer() {
        return process;
    }

    public void datasetPublished(String dataset, Map<String, Integer> splitCounts) {
        Counter.builder(MetricNames.of(SERVICE, "dataset", "versions")).description("Dataset snapshots published")
                .tag("dataset", dataset).register(registry).increment();
        for (String split : SplitAssigner.SPLITS) {
            datasetSamples.computeIfAbsent(dataset + "\u0000" + split, k -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder(MetricNames.of(SERVICE, "dataset", "samples"), value, AtomicLong::get)
                        .description("Samples per split in the latest published version of the dataset")
                        .tag("dataset", dataset).tag("split", split).register(registry);
                return value;
            }).set(splitCounts.getOrDefault(split, 0));
        }
    }

    private Counter acceptedCounter(String split) {
        return accepted.computeIfAbsent(split, s -> Counter.builder(MetricNames.of(SERVICE, "accepted", "samples"))
                .description("Raw images accepted as samples, by split").tag("split", s).register(registry));
    }

    private Counter rejectedCounter(String rule) {
        return rejected.computeIfAbsent(rule, r -> Counter.builder(MetricNames.of(SERVICE, "rejected", "samples"))
                .description("Raw images rejected, by the rule that rejected them").tag("rule", r).register(registry));
    }
}
