package org.inkflow.common.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The service's OpenTelemetry SDK, one CDI bean: SmallRye's Kafka connector takes it for its publish and receive
 * spans (and the {@code traceparent} header), and {@link Traces} for Inkflow's own spans. Sampler parent-based
 * always-on; spans are exported in batches over OTLP/HTTP (protobuf) only when {@code inkflow.tracing.otlp.endpoint}
 * is set, so by default nothing leaves the process (ids still reach logs and other services).
 */
@ApplicationScoped
public class TracingProducer {

    private static final Logger LOG = Logger.getLogger(TracingProducer.class);
    static final String TRACES_PATH = "/v1/traces";

    private final String serviceName;
    private final boolean enabled;
    private final Optional<String> endpoint;
    private final Duration scheduleDelay;
    private final Duration exportTimeout;

    public TracingProducer(@ConfigProperty(name = "quarkus.application.name", defaultValue = "inkflow") String serviceName,
                           @ConfigProperty(name = "inkflow.tracing.enabled", defaultValue = "true") boolean enabled,
                           @ConfigProperty(name = "inkflow.tracing.otlp.endpoint") Optional<String> endpoint,
                           @ConfigProperty(name = "inkflow.tracing.otlp.schedule-delay", defaultValue = "5s") Duration scheduleDelay,
                           @ConfigProperty(name = "inkflow.tracing.otlp.timeout", defaultValue = "10s") Duration exportTimeout) {
        this.serviceName = serviceName;
        this.enabled = enabled;
        this.endpoint = endpoint.map(String::trim).filter(e -> !e.isEmpty());
        this.scheduleDelay = scheduleDelay;
        this.exportTimeout = exportTimeout;
    }

    @Produces
    @Singleton
    @Startup
    OpenTelemetry openTelemetry() {
        if (!enabled) {
            LOG.info("tracing is off (inkflow.tracing.enabled=false)");
            return OpenTelemetry.noop();
        }
        SdkTracerProviderBuilder tracerProvider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
                .setSampler(Sampler.parentBased(Sampler.alwaysOn()));
        endpoint.ifPresentOrElse(url -> {
            String traces = tracesUrl(url);
            tracerProvider.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                            .setEndpoint(traces)
                            .setTimeout(exportTimeout)
                            .build())
                    .setScheduleDelay(scheduleDelay)
                    .build());
            LOG.infof("tracing: exporting spans over OTLP/HTTP to %s", traces);
        }, () -> LOG.info("tracing: spans are not exported (set inkflow.tracing.otlp.endpoint to export them)"));
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        Traces.install(sdk);
        return sdk;
    }

    void close(@Disposes OpenTelemetry openTelemetry) {
        Traces.uninstall(openTelemetry);
        if (openTelemetry instanceof OpenTelemetrySdk sdk) {
            // Exports what the batch still holds.
            sdk.getSdkTracerProvider().shutdown().join(exportTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The OTLP/HTTP traces URL for a collector's base URL ({@code http://collector:4318}) or a full one. */
    static String tracesUrl(String endpoint) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return base.endsWith(TRACES_PATH) ? base : base + TRACES_PATH;
    }
}
