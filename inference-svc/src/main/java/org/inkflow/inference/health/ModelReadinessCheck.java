package org.inkflow.inference.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.inkflow.common.events.Topics;
import org.inkflow.inference.service.ColorizerService;

/**
 * inference-svc's only readiness check: ready once a model version is loaded and passed its warm-up (a version
 * serves only after it did), so until then a load balancer sends this replica nothing. Kafka and S3 are reported
 * in the details ({@link DependencyProbe}) but do not make it unready: the model in memory serves through a broker
 * or bucket outage, and only a new promotion needs them.
 */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    private final ColorizerService service;
    private final DependencyProbe dependencies;

    public ModelReadinessCheck(ColorizerService service, DependencyProbe dependencies) {
        this.service = service;
        this.dependencies = dependencies;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("model").withData("model", service.modelName());
        var promotion = service.reconciler().lastPromotion();
        if (promotion != null) {
            response.withData("promotedVersion", promotion.version());
        }
        dependencies.details().forEach(response::withData);
        return service.registry().current()
                .map(m -> response.up().withData("version", m.version())
                        .withData("keptVersions", String.join(",", service.registry().versions())).build())
                .orElseGet(() -> response.down().withData("reason", promotion == null
                        ? "no promotion of this model's alias seen yet on " + Topics.MODELS_PROMOTIONS
                        : "version " + promotion.version() + " is loading or failed to load (see the logs)").build());
    }
}
