package org.inkflow.common.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * W3C trace context ({@code traceparent}, {@code tracestate}) in the two carriers Inkflow has: Kafka record headers
 * (every hop between services) and S3 user metadata (an artifact a later stage reads: raw image, sample, dataset
 * manifest, model card), so that a later step can link back to the trace that wrote what it reads.
 */
public final class TraceCarriers {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    /** How S3 returns user metadata over HTTP; MinIO strips it, other clients may not. */
    private static final String S3_META_PREFIX = "x-amz-meta-";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapSetter<Headers> HEADER_SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapGetter<Headers> HEADER_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            for (Header header : headers) {
                keys.add(header.key());
            }
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            // The last one wins, as in SmallRye's own getter: a producer's tracing adds its header after ours.
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapGetter<Map<String, String>> METADATA_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> metadata) {
            return metadata.keySet();
        }

        @Override
        public String get(Map<String, String> metadata, String key) {
            return metadata == null ? null : metadata.get(key);
        }
    };

    private TraceCarriers() {
    }

    /** Writes {@code context}'s span context into {@code headers}, replacing any there; nothing when it has none. */
    public static void inject(Context context, Headers headers) {
        if (Span.fromContext(context).getSpanContext().isValid()) {
            W3C.inject(context, headers, HEADER_SETTER);
        }
    }

    /** The remote span context in {@code headers}, as a parent context; {@link Context#root()} when there is none. */
    public static Context extract(Headers headers) {
        if (headers == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), headers, HEADER_GETTER);
    }

    /** S3 user metadata ({@code traceparent}, maybe {@code tracestate}) for {@code context}; empty without a span. */
    public static Map<String, String> metadata(Context context) {
        Map<String, String> out = new HashMap<>();
        if (Span.fromContext(context).getSpanContext().isValid()) {
            W3C.inject(context, out, Map::put);
        }
        return out;
    }

    /**
     * The span context an object's user metadata names (keys in any case, with or without {@code x-amz-meta-});
     * {@link SpanContext#getInvalid()} when there is none or it is malformed.
     */
    public static SpanContext fromMetadata(Map<String, String> userMetadata) {
        if (userMetadata == null || userMetadata.isEmpty()) {
            return SpanContext.getInvalid();
        }
        Map<String, String> normalized = new HashMap<>();
        userMetadata.forEach((key, value) -> {
            String k = key.toLowerCase(Locale.ROOT);
            normalized.put(k.startsWith(S3_META_PREFIX) ? k.substring(S3_META_PREFIX.length()) : k, value);
        });
        return Span.fromContext(W3C.extract(Context.root(), normalized, METADATA_GETTER)).getSpanContext();
    }

    /** The {@code traceparent} string of a span context, as stored and sent; null when it is not valid. */
    public static String traceparent(SpanContext spanContext) {
        if (spanContext == null || !spanContext.isValid()) {
            return null;
        }
        return metadata(Context.root().with(Span.wrap(spanContext))).get(TRACEPARENT);
    }
}
