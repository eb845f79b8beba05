package org.inkflow.inference.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.inkflow.inference.service.ColorizerService;

/** Ready once a model version is loaded and serving: until then a load balancer sends this replica nothing. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    private final ColorizerService service;

    public ModelReadinessCheck(ColorizerService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("model").withData("model", service.modelName());
        var promotion = service.reconciler().lastPromotion();
        if (promotion != null) {
            response.withData("promotedVersion", promotion.version());
        }
        return service.registry().current()
                .map(m -> response.up().withData("version", m.version())
                        .withData("keptVersions", String.join(",", service.registry().versions())).build())
                .orElseGet(() -> response.down().withData("reason", promotion == null
                        ? "no promotion of this model's alias seen yet on " + org.inkflow.common.events.Topics.MODELS_PROMOTIONS
                        : "version " + promotion.version() + " is loading or failed to load (see the logs)").build());
    }
}
