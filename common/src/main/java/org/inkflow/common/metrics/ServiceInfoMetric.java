package org.inkflow.common.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code inkflow_<service>_build_info} = 1 with the version as a tag: tells dashboards which services are up and
 * what they run, the way {@code prometheus_build_info} does.
 */
@Startup
@ApplicationScoped
public class ServiceInfoMetric {

    public ServiceInfoMetric(MeterRegistry registry,
                             @ConfigProperty(name = "quarkus.application.name") String application,
                             @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        Gauge.builder(MetricNames.of(serviceOf(application), "build", "info"), () -> 1)
                .description("Always 1; the tags say which version of the service runs")
                .tag("version", version)
                .register(registry);
    }

    /** {@code cleaner-svc} becomes {@code cleaner}. */
    public static String serviceOf(String application) {
        return application.replaceFirst("-svc$", "").replace('-', '_');
    }
}
