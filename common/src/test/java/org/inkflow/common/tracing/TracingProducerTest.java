package org.inkflow.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TracingProducerTest {

    HttpServer collector;
    final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startACollectorOnLoopback() throws IOException {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body.length);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        collector.start();
    }

    @AfterEach
    void stop() {
        collector.stop(0);
    }

    @Test
    void spansAreExportedOverOtlpHttpProtobufInBatchesWhenAnEndpointIsSet() {
        TracingProducer producer = new TracingProducer("crawler-svc", true,
                Optional.of("http://127.0.0.1:" + collector.getAddress().getPort() + "/"), Duration.ofSeconds(30), Duration.ofSeconds(5));
        OpenTelemetry otel = producer.openTelemetry();
        try (TraceScope scope = Traces.newTrace("crawler store image", Map.of())) {
            assertThat(scope.span().getSpanContext().isSampled()).isTrue();
        }
        assertThat(received).as("batched: nothing sent before the schedule delay or shutdown").isEmpty();
        producer.close(otel); // flushes the batch

        assertThat(received).singleElement().asString()
                .startsWith("POST /v1/traces application/x-protobuf ").doesNotEndWith(" 0");
        assertThat(Traces.newTrace("after", Map.of()).span().getSpanContext().isValid()).as("uninstalled: no-op").isFalse();
    }

    @Test
    void withoutAnEndpointSpansAreMadeButNotExportedAndOffMeansNoSpans() {
        TracingProducer producer = new TracingProducer("cleaner-svc", true, Optional.of(" "), Duration.ofMillis(10), Duration.ofSeconds(5));
        OpenTelemetry otel = producer.openTelemetry();
        try (TraceScope scope = Traces.newTrace("x", Map.of())) {
            assertThat(Span.current().getSpanContext().isValid()).as("ids for logs and propagation").isTrue();
        }
        producer.close(otel);
        assertThat(received).isEmpty();

        TracingProducer off = new TracingProducer("cleaner-svc", false, Optional.empty(), Duration.ofMillis(10), Duration.ofSeconds(5));
        OpenTelemetry noop = off.openTelemetry();
        assertThat(noop).isSameAs(OpenTelemetry.noop());
        off.close(noop);
    }

    @Test
    void theTracesPathIsAddedToABaseUrlOnce() {
        assertThat(TracingProducer.tracesUrl("http://collector:4318")).isEqualTo("http://collector:4318/v1/traces");
        assertThat(TracingProducer.tracesUrl("http://collector:4318/")).isEqualTo("http://collector:4318/v1/traces");
        assertThat(TracingProducer.tracesUrl("http://collector:4318/v1/traces")).isEqualTo("http://collector:4318/v1/traces");
    }
}
