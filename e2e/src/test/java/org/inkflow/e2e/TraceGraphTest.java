package org.inkflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceGraphTest {

    static OtlpReceiver.ReceivedSpan span(String service, String trace, String name, String... linkedTraces) {
        return new OtlpReceiver.ReceivedSpan(service, trace, name + "-id", "", name, Map.of(),
                List.of(linkedTraces).stream().map(t -> new OtlpReceiver.Link(t, "s")).toList());
    }

    @Test
    void tracesJoinOverLinksInEitherDirectionAndNothingElse() {
        TraceGraph graph = new TraceGraph(List.of(
                span("crawler-svc", "image", "crawler store image"),
                span("cleaner-svc", "image", "inkflow.images.raw process"),
                span("crawler-svc", "other-image", "crawler store image"),
                span("cleaner-svc", "dataset", "cleaner build dataset", "image", "third-image"),
                span("trainer-svc", "run", "trainer run", "dataset"),
                span("inference-svc", "unrelated", "inference model swap")));

        assertThat(graph.connected("image")).containsExactlyInAnyOrder("image", "dataset", "third-image", "run");
        assertThat(graph.connectedSpans("image")).extracting(OtlpReceiver.ReceivedSpan::service)
                .containsExactly("crawler-svc", "cleaner-svc", "cleaner-svc", "trainer-svc");
        assertThat(graph.connected("other-image")).containsExactly("other-image");
        assertThat(graph.connected("nowhere")).containsExactly("nowhere");
    }
}
