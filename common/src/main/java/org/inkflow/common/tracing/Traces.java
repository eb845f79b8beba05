package org.inkflow.common.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The spans Inkflow starts itself (the Kafka channels' own publish and receive spans come from SmallRye). One trace
 * per crawled image: the crawler starts a {@link #newTrace new trace} per image, every consumer continues the trace
 * of the record it handles ({@link #consume}), and a step that gathers many traces into one piece of work -- a
 * dataset version from many samples, a run from a dataset, an evaluation of a candidate, a promotion -- starts a
 * {@link #fanIn} span with links (at most {@value #MAX_LINKS}) to the traces that wrote what it reads, found in the
 * objects' S3 metadata ({@link #storedBy}, with {@code ObjectStore::userMetadata}).
 *
 * <p>Plain static access, so the stages' plain-Java domain code needs no injection: the service's
 * {@link TracingProducer} installs the SDK at start; until then (and in unit tests) every span is a no-op that still
 * carries a remote parent's ids.
 */
public final class Traces {

    /** The most links one fan-in span carries; a dataset of 10,000 samples links to its first 128. */
    public static final int MAX_LINKS = 128;
    static final String INSTRUMENTATION = "org.inkflow";

    private static volatile OpenTelemetry openTelemetry = OpenTelemetry.noop();

    private Traces() {
    }

    static void install(OpenTelemetry sdk) {
        openTelemetry = sdk;
    }

    static void uninstall(OpenTelemetry sdk) {
        if (openTelemetry == sdk) {
            openTelemetry = OpenTelemetry.noop();
        }
    }

    private static Tracer tracer() {
        return openTelemetry.getTracer(INSTRUMENTATION);
    }

    /**
     * A span for handling one consumed record, child of the trace context in its headers ({@code <topic> process},
     * kind CONSUMER), current until closed.
     */
    public static TraceScope consume(ConsumerRecord<?, ?> record) {
        Context parent = TraceCarriers.extract(record.headers());
        Span span = tracer().spanBuilder(record.topic() + " process")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.kafka.message.key", String.valueOf(record.key()))
                .setAttribute("messaging.kafka.destination.partition", (long) record.partition())
                .setAttribute("messaging.kafka.message.offset", record.offset())
                .startSpan();
        return new TraceScope(span, parent);
    }

    /** A span that starts a new trace (one crawled image), current until closed. */
    public static TraceScope newTrace(String name, Map<String, String> attributes) {
        SpanBuilder builder = tracer().spanBuilder(name).setNoParent();
        attributes.forEach(builder::setAttribute);
        return new TraceScope(builder.startSpan(), Context.root());
    }

    /**
     * A span for work that gathers others: child of {@code parent} (the context it was asked in, maybe
     * {@link Context#root()}), linked to up to {@value #MAX_LINKS} of {@code links} (invalid ones and repeats
     * skipped); the attribute {@code inkflow.links.dropped} counts those beyond the limit. Current until closed.
     */
    public static TraceScope fanIn(String name, Context parent, Collection<SpanContext> links, Map<String, String> attributes) {
        SpanBuilder builder = tracer().spanBuilder(name).setParent(parent == null ? Context.root() : parent);
        attributes.forEach(builder::setAttribute);
        Set<SpanContext> distinct = new LinkedHashSet<>();
        for (SpanContext link : links) {
            if (link != null && link.isValid()) {
                distinct.add(link);
            }
        }
        int added = 0;
        for (SpanContext link : distinct) {
            if (added == MAX_LINKS) {
                break;
            }
            builder.addLink(link, Attributes.empty());
            added++;
        }
        builder.setAttribute("inkflow.links.dropped", (long) (distinct.size() - added));
        return new TraceScope(builder.startSpan(), parent == null ? Context.root() : parent);
    }

    /** The context current on this thread, to carry work onto another thread. */
    public static Context current() {
        return Context.current();
    }

    /**
     * The span context that wrote the object at {@code key} (its {@code traceparent} user metadata, read by
     * {@code metadata}, normally {@code ObjectStore::userMetadata}); empty when the object has none (written untraced)
     * or cannot be read: a missing link never fails the work.
     */
    public static Optional<SpanContext> storedBy(Function<String, Map<String, String>> metadata, String key) {
        try {
            SpanContext context = TraceCarriers.fromMetadata(metadata.apply(key));
            return context.isValid() ? Optional.of(context) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@link #storedBy} for the first {@value #MAX_LINKS} of {@code keys} (at most that many metadata reads, HEADs). */
    public static Collection<SpanContext> storedBy(Function<String, Map<String, String>> metadata, Collection<String> keys) {
        Set<SpanContext> out = new LinkedHashSet<>();
        keys.stream().limit(MAX_LINKS).forEach(key -> storedBy(metadata, key).ifPresent(out::add));
        return out;
    }
}
