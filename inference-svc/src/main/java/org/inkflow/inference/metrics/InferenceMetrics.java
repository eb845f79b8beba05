package org.inkflow.inference.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import org.inkflow.common.metrics.MetricNames;

/** inference-svc's own metrics, named as docs/CONTRACTS.md lists them. */
public final class InferenceMetrics {

    private static final String SERVICE = "inference";

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer modelTime;

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        // inkflow_inference_batch_size_images: how many images each model call ran
        this.batchSize = DistributionSummary.builder(MetricNames.of(SERVICE, "batch_size", "images"))
                .description("Images per model call (dynamic batching)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(256.0)
                .register(registry);
        // inkflow_inference_model_seconds: the model call alone (Triton's compute duration), so that what a request
        // costs beyond the model (protocol, decoding, queueing) is request minus model.
        this.modelTime = Timer.builder(MetricNames.of(SERVICE, "model"))
                .description("Time of each model call (one batch), without queueing, decoding or encoding")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** inkflow_inference_request_seconds{endpoint,status}; the 200 ms bucket is the SLO's. */
    public void request(String endpoint, int status, long nanos) {
        request(endpoint, Integer.toString(status), nanos);
    }

    /** As {@link #request(String, int, long)} with a status that is no HTTP code: a gRPC call's status code name. */
    public void request(String endpoint, String status, long nanos) {
        Timer.builder(MetricNames.of(SERVICE, "request"))
                .description("Inference requests by endpoint and HTTP status")
                .tag("endpoint", endpoint)
                .tag("status", status)
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(200))
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One model call: {@code images} images in {@code nanos}. */
    public void batch(int images, long nanos) {
        batchSize.record(images);
        modelTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** inkflow_inference_queue_depth_requests */
    public void queueDepth(IntSupplier depth) {
        replace(MetricNames.of(SERVICE, "queue_depth", "requests"));
        Gauge.builder(MetricNames.of(SERVICE, "queue_depth", "requests"), depth::getAsInt)
                .description("Requests waiting for a batch")
                .register(registry);
    }

    /** inkflow_inference_queued_bytes: line art (4 bytes a value) waiting for a batch. */
    public void queuedBytes(java.util.function.LongSupplier bytes) {
        replace(MetricNames.of(SERVICE, "queued", "bytes"));
        Gauge.builder(MetricNames.of(SERVICE, "queued", "bytes"), bytes::getAsLong)
                .description("Bytes of input waiting for a batch (bounded by inkflow.inference.batching.queue-capacity-bytes)")
                .register(registry);
    }

    /** inkflow_inference_model_info{model,version} = 1 for the serving version only. */
    public synchronized void serving(String model, String version) {
        replace(MetricNames.of(SERVICE, "model", "info"));
        Gauge.builder(MetricNames.of(SERVICE, "model", "info"), () -> 1)
                .description("1 for the model version that serves")
                .tag("model", model)
                .tag("version", version)
                .register(registry);
    }

    /** inkflow_inference_model_loads_total{model,outcome} */
    public void modelLoad(String model, boolean success) {
        Counter.builder(MetricNames.of(SERVICE, "model", "loads"))
                .description("Model versions loaded (success) or refused (failure) on promotion")
                .tag("model", model)
                .tag("outcome", success ? "success" : "failure")
                .register(registry)
                .increment();
    }

    /** Registers both outcomes at zero so dashboards and alerts see the series before the first load. */
    public void modelLoadsStartAtZero(String model) {
        for (String outcome : new String[] {"success", "failure"}) {
            Counter.builder(MetricNames.of(SERVICE, "model", "loads")).tag("model", model).tag("outcome", outcome)
                    .register(registry);
        }
    }

    /** inkflow_inference_drift_score{model}: NaN until enough input was seen. */
    public void driftScore(String model, DoubleSupplier score) {
        replace(MetricNames.of(SERVICE, "drift", "score"));
        Gauge.builder(MetricNames.of(SERVICE, "drift", "score"), score::getAsDouble)
                .description("Population stability index of live input against the training split's histogram")
                .tag("model", model)
                .register(registry);
    }

    /** inkflow_inference_dependency_up{dependency}: 1 while Kafka or S3 answers; reported, never a readiness gate. */
    public void dependencyUp(String dependency, BooleanSupplier up) {
        String name = MetricNames.of(SERVICE, "dependency", "up");
        registry.find(name).tag("dependency", dependency).meters().forEach(registry::remove);
        Gauge.builder(name, () -> up.getAsBoolean() ? 1 : 0)
                .description("1 while the dependency (kafka, s3) answered the last probe, else 0")
                .tag("dependency", dependency)
                .register(registry);
    }

    /**
     * Removes a gauge an earlier instance registered under the same name: a registry keeps the first gauge of an
     * id and ignores later registrations, which would leave the gauge reading a closed instance's state (this
     * happens when a JVM restarts the application, as Quarkus tests do).
     */
    private void replace(String name) {
        registry.find(name).meters().forEach(registry::remove);
    }

    /** inkflow_inference_rejected_requests_total{reason} */
    public void rejected(String reason) {
        Counter.builder(MetricNames.of(SERVICE, "rejected", "requests"))
                .description("Requests refused before or instead of running the model, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
