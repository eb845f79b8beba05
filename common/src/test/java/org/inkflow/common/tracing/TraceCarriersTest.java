package org.inkflow.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceCarriersTest {

    static final SpanContext SPAN = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
            TraceFlags.getSampled(), TraceState.getDefault());
    static final Context IN_SPAN = Context.root().with(Span.wrap(SPAN));
    static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void kafkaHeadersCarryTheTraceparentThere() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-11111111111111111111111111111111-2222222222222222-01".getBytes(StandardCharsets.UTF_8));
        TraceCarriers.inject(IN_SPAN, headers);

        assertThat(headers.headers("traceparent")).hasSize(1); // replaced, not added
        assertThat(new String(headers.lastHeader("traceparent").value(), StandardCharsets.UTF_8)).isEqualTo(TRACEPARENT);
        SpanContext back = Span.fromContext(TraceCarriers.extract(headers)).getSpanContext();
        assertThat(back.getTraceId()).isEqualTo(SPAN.getTraceId());
        assertThat(back.getSpanId()).isEqualTo(SPAN.getSpanId());
        assertThat(back.isRemote()).isTrue();
    }

    @Test
    void theLastTraceparentHeaderWinsAsInSmallRye() {
        RecordHeaders headers = new RecordHeaders();
        TraceCarriers.inject(IN_SPAN, headers);
        headers.add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));

        assertThat(Span.fromContext(TraceCarriers.extract(headers)).getSpanContext().getSpanId()).isEqualTo("00f067aa0ba902b7");
    }

    @Test
    void withoutASpanNothingIsInjectedAndNothingExtracted() {
        RecordHeaders headers = new RecordHeaders();
        TraceCarriers.inject(Context.root(), headers);
        assertThat(headers.toArray()).isEmpty();
        assertThat(Span.fromContext(TraceCarriers.extract(headers)).getSpanContext().isValid()).isFalse();
        assertThat(Span.fromContext(TraceCarriers.extract(null)).getSpanContext().isValid()).isFalse();
        assertThat(TraceCarriers.metadata(Context.root())).isEmpty();
    }

    @Test
    void malformedHeadersAreNoParentNotAFailure() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "not-a-traceparent".getBytes(StandardCharsets.UTF_8));
        assertThat(Span.fromContext(TraceCarriers.extract(headers)).getSpanContext().isValid()).isFalse();
        headers.add("traceparent", (byte[]) null);
        assertThat(Span.fromContext(TraceCarriers.extract(headers)).getSpanContext().isValid()).isFalse();
    }

    @Test
    void s3MetadataCarriesTheTraceparentInAnyCaseWithOrWithoutItsPrefix() {
        Map<String, String> metadata = TraceCarriers.metadata(IN_SPAN);
        assertThat(metadata).containsEntry("traceparent", TRACEPARENT);

        assertThat(TraceCarriers.fromMetadata(metadata).getSpanId()).isEqualTo(SPAN.getSpanId());
        assertThat(TraceCarriers.fromMetadata(Map.of("Traceparent", TRACEPARENT)).getTraceId()).isEqualTo(SPAN.getTraceId());
        assertThat(TraceCarriers.fromMetadata(Map.of("X-Amz-Meta-Traceparent", TRACEPARENT)).getTraceId()).isEqualTo(SPAN.getTraceId());
        assertThat(TraceCarriers.fromMetadata(Map.of("other", "x")).isValid()).isFalse();
        assertThat(TraceCarriers.fromMetadata(Map.of("traceparent", "00-zz-yy-01")).isValid()).isFalse();
        assertThat(TraceCarriers.fromMetadata(null).isValid()).isFalse();
    }

    @Test
    void traceparentOfASpanContext() {
        assertThat(TraceCarriers.traceparent(SPAN)).isEqualTo(TRACEPARENT);
        assertThat(TraceCarriers.traceparent(SpanContext.getInvalid())).isNull();
    }
}
