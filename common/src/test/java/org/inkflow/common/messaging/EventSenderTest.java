package org.inkflow.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelPromotion;
import org.junit.jupiter.api.Test;

class EventSenderTest {

    static final ModelPromotion EVENT = new ModelPromotion(1, "colorizer", "production", "3", "models/colorizer/3/",
            null, "blessed", null, Instant.parse("2026-01-01T00:00:00Z"));
    static final SpanContext CALLER = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
            TraceFlags.getSampled(), TraceState.getDefault());

    @Test
    void anEventCarriesTheCallersTraceInItsHeadersAndToSmallRyesPublishSpan() {
        Message<String> message;
        try (Scope scope = Context.root().with(Span.wrap(CALLER)).makeCurrent()) {
            message = EventSender.record(EVENT);
        }
        assertThat(message.getPayload()).isEqualTo(EventJson.write(EVENT));
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> kafka = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(kafka.getKey()).isEqualTo("colorizer/production");
        assertThat(new String(kafka.getHeaders().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        TracingMetadata tracing = message.getMetadata(TracingMetadata.class).orElseThrow();
        assertThat(Span.fromContext(tracing.getCurrentContext()).getSpanContext()).isEqualTo(CALLER);
    }

    @Test
    void anEventSentOutsideAnySpanHasNoTraceparent() {
        Message<String> message = EventSender.record(EVENT);
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> kafka = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(kafka.getHeaders().lastHeader("traceparent")).isNull();
    }
}
