package org.inkflow.cleaner.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code samples-hashes}: DOWN until this replica has read the shared hash log as it was at start (ADR 0034), so a
 * replica that would claim against a partial view takes no traffic.
 */
@Readiness
@ApplicationScoped
public class SampleHashesReadinessCheck implements HealthCheck {

    private final SampleHashLog log;

    public SampleHashesReadinessCheck(SampleHashLog log) {
        this.log = log;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up;
        String error = null;
        try {
            up = log.caughtUp();
        } catch (RuntimeException e) {
            up = false;
            error = e.getMessage();
        }
        var builder = HealthCheckResponse.named("samples-hashes").status(up);
        log.state().forEach((k, v) -> builder.withData(k, String.valueOf(v)));
        if (error != null) {
            builder.withData("error", error);
        }
        return builder.build();
    }
}
