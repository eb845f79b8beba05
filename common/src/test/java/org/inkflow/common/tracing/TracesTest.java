package org.inkflow.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TracesTest {

    final List<SpanData> exported = new CopyOnWriteArrayList<>();
    OpenTelemetrySdk sdk;

    @BeforeEach
    void installAnSdkThatKeepsItsSpans() {
        SpanExporter keep = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                exported.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(keep)).build())
                .build();
        Traces.install(sdk);
    }

    @AfterEach
    void uninstall() {
        Traces.uninstall(sdk);
        sdk.close();
    }

    @Test
    void aConsumedRecordContinuesTheTraceInItsHeadersAndNamesItInTheLogContext() {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("inkflow.images.raw", 2, 41L, "abc", "{}");
        record.headers().add("traceparent", TraceCarriersTest.TRACEPARENT.getBytes(StandardCharsets.UTF_8));

        String spanId;
        try (TraceScope scope = Traces.consume(record)) {
            spanId = Span.current().getSpanContext().getSpanId();
            assertThat(MDC.get(TraceScope.MDC_TRACE_ID)).isEqualTo(TraceCarriersTest.SPAN.getTraceId());
            assertThat(MDC.get(TraceScope.MDC_SPAN_ID)).isEqualTo(spanId);
            // what the domain writes now carries the consumer's span
            assertThat(TraceCarriers.metadata(Context.current()).get("traceparent")).contains(spanId);
        }
        assertThat(MDC.get(TraceScope.MDC_TRACE_ID)).isNull();
        assertThat(Span.current().getSpanContext().isValid()).isFalse();

        SpanData span = exported.get(0);
        assertThat(span.getName()).isEqualTo("inkflow.images.raw process");
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getTraceId()).isEqualTo(TraceCarriersTest.SPAN.getTraceId());
        assertThat(span.getParentSpanId()).isEqualTo(TraceCarriersTest.SPAN.getSpanId());
        assertThat(span.getSpanId()).isEqualTo(spanId);
    }

    @Test
    void aRecordWithoutTraceStartsANewOne() {
        try (TraceScope scope = Traces.consume(new ConsumerRecord<>("inkflow.datasets", 0, 0L, "k", "{}"))) {
            assertThat(scope.span().getSpanContext().isValid()).isTrue();
        }
        assertThat(exported.get(0).getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void eachNewTraceIsItsOwnEvenInsideAnother() {
        try (TraceScope job = Traces.newTrace("crawl job", Map.of());
             TraceScope image = Traces.newTrace("crawler store image", Map.of("inkflow.post", "7"))) {
            assertThat(image.span().getSpanContext().getTraceId()).isNotEqualTo(job.span().getSpanContext().getTraceId());
        }
        assertThat(exported).extracting(SpanData::getName).containsExactly("crawler store image", "crawl job");
        assertThat(exported.get(0).getAttributes().asMap().values()).contains("7");
    }

    @Test
    void aFanInLinksAtMost128DistinctValidTracesAndCountsTheRest() {
        List<SpanContext> links = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            links.add(context(i));
            links.add(context(i)); // repeats count once
        }
        links.add(SpanContext.getInvalid());
        links.add(null);
        Context parent = Context.root().with(Span.wrap(TraceCarriersTest.SPAN));

        try (TraceScope scope = Traces.fanIn("dataset build", parent, links, Map.of("inkflow.dataset", "auto"))) {
            assertThat(scope.context()).isSameAs(Context.current());
        }

        SpanData span = exported.get(0);
        assertThat(span.getTraceId()).isEqualTo(TraceCarriersTest.SPAN.getTraceId());
        assertThat(span.getLinks()).hasSize(Traces.MAX_LINKS);
        assertThat(span.getLinks()).extracting(LinkData::getSpanContext).first().isEqualTo(context(0));
        assertThat(span.getTotalAttributeCount()).isEqualTo(2);
        assertThat(span.getAttributes().asMap().values()).contains(200L - Traces.MAX_LINKS);
    }

    @Test
    void storedByReadsAtMost128ObjectsAndSkipsOnesWithoutTraceOrUnreadable() {
        Map<String, Map<String, String>> objects = new HashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String key = "samples/" + i + "/meta.json";
            keys.add(key);
            objects.put(key, i % 3 == 0 ? Map.of() : Map.of("traceparent", TraceCarriers.traceparent(context(i))));
        }
        List<String> read = new ArrayList<>();
        Collection<SpanContext> found = Traces.storedBy(key -> {
            read.add(key);
            if (key.startsWith("samples/5/")) {
                throw new IllegalStateException("S3 down");
            }
            return objects.get(key);
        }, keys);

        assertThat(read).hasSize(Traces.MAX_LINKS);
        assertThat(found).hasSize(Traces.MAX_LINKS - 43 - 1) // 43 of the first 128 have no trace, one is unreadable
                .extracting(SpanContext::getTraceId).contains(context(1).getTraceId()).doesNotContain(context(3).getTraceId());
    }

    static SpanContext context(int i) {
        return SpanContext.createFromRemoteParent(String.format("%032x", i + 1), String.format("%016x", i + 1),
                TraceFlags.getSampled(), TraceState.getDefault());
    }
}
