package org.inkflow.common.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jboss.logging.MDC;

/**
 * A started span made current on this thread until {@link #close()}, which ends it. While it is open the log MDC holds
 * {@code traceId} and {@code spanId}, so every log line (JSON in the chart) names the trace it belongs to.
 */
public final class TraceScope implements AutoCloseable {

    public static final String MDC_TRACE_ID = "traceId";
    public static final String MDC_SPAN_ID = "spanId";

    private final Span span;
    private final Context context;
    private final Scope scope;
    private final Object previousTraceId;
    private final Object previousSpanId;
    private boolean closed;

    TraceScope(Span span, Context parent) {
        this.span = span;
        this.context = parent.with(span);
        this.scope = context.makeCurrent();
        SpanContext ids = span.getSpanContext();
        this.previousTraceId = MDC.get(MDC_TRACE_ID);
        this.previousSpanId = MDC.get(MDC_SPAN_ID);
        if (ids.isValid()) {
            MDC.put(MDC_TRACE_ID, ids.getTraceId());
            MDC.put(MDC_SPAN_ID, ids.getSpanId());
        }
    }

    public Span span() {
        return span;
    }

    /** The context with this span, to hand to work that continues on another thread. */
    public Context context() {
        return context;
    }

    /** Records {@code failure} on the span and marks it an error. */
    public void failed(Throwable failure) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        span.end();
        scope.close();
        restore(MDC_TRACE_ID, previousTraceId);
        restore(MDC_SPAN_ID, previousSpanId);
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous.toString());
        }
    }
}
