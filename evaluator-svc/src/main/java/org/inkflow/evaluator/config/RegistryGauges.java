package org.inkflow.evaluator.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.inkflow.evaluator.metrics.EvaluatorMeters;
import org.inkflow.evaluator.quality.ScoreSummary;
import org.inkflow.evaluator.registry.ModelRegistry;
import org.inkflow.evaluator.registry.ModelVersion;
import org.jboss.logging.Logger;

/**
 * At start, reads the registry back from S3 and republishes what a restart would otherwise hide until the next
 * evaluation: each decided version's scores and each model's production version.
 */
@ApplicationScoped
public class RegistryGauges {

    private static final Logger LOG = Logger.getLogger(RegistryGauges.class);

    public void onStart(@Observes StartupEvent event, ModelRegistry registry, EvaluatorMeters meters, EvaluatorConfig config) {
        try {
            registry.load();
            for (String model : registry.models()) {
                for (ModelVersion version : registry.versions(model)) {
                    if (version.state().decided()) {
                        version.metrics().forEach((key, values) -> {
                            // Only the splits' own summaries: "validation", "test" (not baselines or tags).
                            if (!key.contains("/") && !key.contains(":")) {
                                meters.scores(model, version.version(), key, ScoreSummary.fromMap(values));
                            }
                        });
                    }
                }
                registry.history(model).current(config.alias()).ifPresent(v -> meters.production(model, v));
            }
        } catch (RuntimeException e) {
            // Not fatal: the registry loads on first use, and readiness reports S3 meanwhile.
            LOG.warnf("could not read the registry at start: %s", e.getMessage());
        }
    }
}
