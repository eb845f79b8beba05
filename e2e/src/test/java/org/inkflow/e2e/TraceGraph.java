package org.inkflow.e2e;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Traces joined by span links, either way: a fan-in span (a dataset version, a run) in one trace that links to
 * another joins them. Answers which traces one image's trace is connected to, and the spans in them.
 */
final class TraceGraph {

    private final List<OtlpReceiver.ReceivedSpan> spans;
    private final Map<String, Set<String>> neighbours = new HashMap<>();

    TraceGraph(List<OtlpReceiver.ReceivedSpan> spans) {
        this.spans = List.copyOf(spans);
        for (OtlpReceiver.ReceivedSpan span : spans) {
            for (OtlpReceiver.Link link : span.links()) {
                neighbours.computeIfAbsent(span.traceId(), t -> new HashSet<>()).add(link.traceId());
                neighbours.computeIfAbsent(link.traceId(), t -> new HashSet<>()).add(span.traceId());
            }
        }
    }

    /** {@code traceId} and every trace reachable from it over links. */
    Set<String> connected(String traceId) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(traceId));
        while (!next.isEmpty()) {
            String trace = next.pop();
            if (seen.add(trace)) {
                next.addAll(neighbours.getOrDefault(trace, Set.of()));
            }
        }
        return seen;
    }

    /** The spans of every trace connected to {@code traceId}. */
    List<OtlpReceiver.ReceivedSpan> connectedSpans(String traceId) {
        Set<String> traces = connected(traceId);
        return spans.stream().filter(s -> traces.contains(s.traceId())).toList();
    }
}
