package org.inkflow.e2e;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A tiny OTLP/HTTP trace receiver on 127.0.0.1 (the JDK's HttpServer, {@code POST /v1/traces}, protobuf): what a
 * collector would get from the services, kept in memory for assertions.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One received span, ids in hex. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                        Map<String, String> attributes, List<Link> links) {
    }

    record Link(String traceId, String spanId) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", this::receive);
        server.start();
    }

    /** The base URL a service's {@code inkflow.tracing.otlp.endpoint} names. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ExportTraceServiceRequest request;
            try {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            for (ResourceSpans resource : request.getResourceSpansList()) {
                String service = attributes(resource.getResource().getAttributesList()).get("service.name");
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
                        List<Link> links = new ArrayList<>();
                        span.getLinksList().forEach(l -> links.add(new Link(hex(l.getTraceId()), hex(l.getSpanId()))));
                        spans.add(new ReceivedSpan(service, hex(span.getTraceId()), hex(span.getSpanId()),
                                hex(span.getParentSpanId()), span.getName(), attributes(span.getAttributesList()), links));
                    }
                }
            }
            byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                exchange.getResponseBody().write(response);
            }
        }
    }

    private static Map<String, String> attributes(List<KeyValue> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : values) {
            var v = kv.getValue();
            out.put(kv.getKey(), switch (v.getValueCase()) {
                case STRING_VALUE -> v.getStringValue();
                case INT_VALUE -> String.valueOf(v.getIntValue());
                case BOOL_VALUE -> String.valueOf(v.getBoolValue());
                case DOUBLE_VALUE -> String.valueOf(v.getDoubleValue());
                default -> v.toString();
            });
        }
        return out;
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
