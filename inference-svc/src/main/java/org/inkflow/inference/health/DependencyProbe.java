package org.inkflow.inference.health;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.inkflow.common.health.KafkaReadinessCheck;
import org.inkflow.common.health.ObjectStoreReadinessCheck;
import org.inkflow.common.messaging.KafkaClientConfig;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.storage.S3Config;
import org.inkflow.inference.metrics.InferenceMetrics;

/**
 * Kafka's and S3's state for inference-svc, which does not make them readiness checks: a loaded model serves
 * whether or not the broker or the bucket answers (issue 18). The common checks run here every
 * {@value #PERIOD_SECONDS} s on a thread of their own, so a readiness probe reads the last result at once instead
 * of waiting up to the checks' own timeouts for a dependency that hangs. The result goes into the {@code model}
 * check's details and into {@code inkflow_inference_dependency_up{dependency}}.
 */
@Startup
@ApplicationScoped
public class DependencyProbe {

    static final long PERIOD_SECONDS = 5;

    private final KafkaReadinessCheck kafka;
    private final ObjectStoreReadinessCheck s3;
    private final InferenceMetrics metrics;
    private final Map<String, HealthCheckResponse> last = new LinkedHashMap<>();
    private ScheduledExecutorService timer;

    public DependencyProbe(KafkaClientConfig kafka, ObjectStore store, S3Config s3, InferenceMetrics metrics) {
        // Built here, not injected: application.properties excludes them as beans so they are not readiness checks.
        this.kafka = new KafkaReadinessCheck(kafka);
        this.s3 = new ObjectStoreReadinessCheck(store, s3);
        this.metrics = metrics;
    }

    @PostConstruct
    void start() {
        metrics.dependencyUp("kafka", () -> up("kafka"));
        metrics.dependencyUp("s3", () -> up("s3"));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inference-dependency-probe");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::probe, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs both checks now and keeps their answers. */
    void probe() {
        record(kafka);
        record(s3);
    }

    private void record(HealthCheck check) {
        HealthCheckResponse response;
        try {
            response = check.call();
        } catch (RuntimeException e) {
            response = HealthCheckResponse.named(check.getClass().getSimpleName()).down()
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
        synchronized (last) {
            last.put(response.getName(), response);
        }
    }

    /** Whether {@code dependency} ({@code kafka} or {@code s3}) answered at the last probe. */
    public boolean up(String dependency) {
        synchronized (last) {
            HealthCheckResponse r = last.get(dependency);
            return r != null && r.getStatus() == HealthCheckResponse.Status.UP;
        }
    }

    /**
     * The details for the readiness answer: {@code kafka} and {@code s3} as {@code UP}, {@code DOWN} or
     * {@code UNKNOWN} (not probed yet), and {@code <dependency>.error} when one is down.
     */
    public Map<String, String> details() {
        Map<String, String> out = new LinkedHashMap<>();
        synchronized (last) {
            for (String name : new String[] {"kafka", "s3"}) {
                HealthCheckResponse r = last.get(name);
                out.put(name, r == null ? "UNKNOWN" : r.getStatus().name());
                if (r != null && r.getStatus() == HealthCheckResponse.Status.DOWN) {
                    r.getData().map(d -> d.get("error")).ifPresent(e -> out.put(name + ".error", String.valueOf(e)));
                }
            }
        }
        return out;
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        kafka.close();
    }
}
