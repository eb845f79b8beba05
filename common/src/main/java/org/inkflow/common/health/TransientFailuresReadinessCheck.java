package org.inkflow.common.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.inkflow.common.messaging.WaitingRecords;

/**
 * {@code transient-failures}: DOWN while a consumed record waits out a transient failure (S3 or Kafka unreachable, a
 * dependency not ready), with each waiting record's attempts and last failure, so the service reports the dependency
 * down for as long as its work is stuck on it, not only when the dependency's own check happens to fail. inference-svc
 * excludes it (its readiness is its model's).
 */
@Readiness
@ApplicationScoped
public class TransientFailuresReadinessCheck implements HealthCheck {

    /** At most this many records are listed in the details; the count covers all. */
    static final int LISTED = 5;

    private final WaitingRecords waiting;

    public TransientFailuresReadinessCheck(WaitingRecords waiting) {
        this.waiting = waiting;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, WaitingRecords.Wait> now = waiting.snapshot();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("transient-failures")
                .status(now.isEmpty()).withData("waiting", now.size());
        now.entrySet().stream().limit(LISTED).forEach(e -> response.withData(e.getKey(),
                "since " + e.getValue().since() + ", " + e.getValue().attempts() + " attempt(s): " + e.getValue().lastFailure()));
        return response.build();
    }
}
