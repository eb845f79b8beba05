package org.inkflow.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import org.inkflow.common.events.InvalidEventException;
import org.inkflow.common.storage.ObjectNotFoundException;
import org.inkflow.common.storage.ObjectStoreException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Test
    void unreachableOrSlowDependenciesAreTransient() {
        assertThat(FailureClassifier.classify(new ObjectStoreException("get s3://b/k failed",
                new ConnectException("Connection refused")))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureClassifier.classify(new ObjectStoreException("read s3://b/k",
                new SocketTimeoutException("timeout")))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureClassifier.classify(new UncheckedIOException("download", new IOException("reset"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureClassifier.classify(new IllegalStateException("wrapped", new TimeoutException())))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureClassifier.classify(new EventNotAcknowledgedException("no ack", null)))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureClassifier.classify(new TransientFailure("catalog not ready"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureClassifier.classify(new ObjectStoreException("put failed",
                new io.minio.errors.ServerException("503", 503, "trace")))).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void invalidEventsMissingObjectsAndReproducibleErrorsArePoisonWhateverTheirCause() {
        assertThat(FailureClassifier.classify(new InvalidEventException("missing required field 'sha256'")))
                .isEqualTo(FailureKind.POISON);
        assertThat(FailureClassifier.classify(new InvalidEventException("not a valid X",
                new JsonParseException(null, "bad")))).isEqualTo(FailureKind.POISON);
        assertThat(FailureClassifier.classify(new ObjectNotFoundException("b", "raw/x.png"))).isEqualTo(FailureKind.POISON);
        assertThat(FailureClassifier.classify(new BadFile(new IOException("truncated")))).isEqualTo(FailureKind.POISON);
    }

    @Test
    void unknownErrorsArePoison() {
        assertThat(FailureClassifier.classify(new IllegalArgumentException("learning rate must be > 0")))
                .isEqualTo(FailureKind.POISON);
        assertThat(FailureClassifier.classify(new ObjectStoreException("refusing to write outside dir")))
                .isEqualTo(FailureKind.POISON);
    }

    @Test
    void aCyclicCauseChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(FailureClassifier.classify(a)).isEqualTo(FailureKind.POISON);
    }

    static final class BadFile extends RuntimeException implements ReproducibleFailure {
        BadFile(Throwable cause) {
            super("bad file", cause);
        }
    }
}
