package org.inkflow.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inkflow.common.tracing.TraceCarriers;
import org.inkflow.common.tracing.Traces;
import org.inkflow.localstack.S3ProxyServer;
import org.inkflow.localstack.WorkDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An object written in a span carries its traceparent in S3 user metadata on a real S3 server (S3Proxy). */
class TraceMetadataIT {

    static final SpanContext WRITER = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
            TraceFlags.getSampled(), TraceState.getDefault());
    private static Path work;
    private static S3ProxyServer s3;
    private static ObjectStore store;

    @BeforeAll
    static void start() throws IOException {
        work = Files.createTempDirectory("inkflow-trace-metadata");
        s3 = S3ProxyServer.start(0, S3ProxyServer.Storage.TRANSIENT, work);
        store = ObjectStore.connect(s3.endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
                "inkflow-trace-it", "us-east-1");
        store.ensureBucket();
    }

    @AfterAll
    static void stop() {
        s3.close();
        WorkDirs.deleteRecursively(work);
    }

    @Test
    void anObjectWrittenInASpanNamesItAndOneWrittenOutsideNamesNone() {
        try (Scope scope = Context.root().with(Span.wrap(WRITER)).makeCurrent()) {
            store.putOnce("samples/a/meta.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
            store.putStatus("datasets/d/v/status.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        }
        store.putOnce("samples/b/meta.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(TraceCarriers.fromMetadata(store.userMetadata("samples/a/meta.json"))).isEqualTo(remote(WRITER));
        assertThat(TraceCarriers.fromMetadata(store.userMetadata("datasets/d/v/status.json"))).isEqualTo(remote(WRITER));
        assertThat(store.userMetadata("samples/b/meta.json")).doesNotContainKey("traceparent");
        assertThat(Traces.storedBy(store::userMetadata, List.of("samples/a/meta.json", "samples/b/meta.json", "samples/missing")))
                .containsExactly(remote(WRITER));
    }

    static SpanContext remote(SpanContext context) {
        return SpanContext.createFromRemoteParent(context.getTraceId(), context.getSpanId(), context.getTraceFlags(),
                context.getTraceState());
    }
}
