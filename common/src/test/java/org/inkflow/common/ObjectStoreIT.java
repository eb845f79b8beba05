package org.inkflow.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.inkflow.common.storage.ContentHash;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectNotFoundException;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.storage.ObjectStoreException;
import org.inkflow.common.storage.PutResult;
import org.inkflow.localstack.TestStack;
import org.inkflow.localstack.WorkDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object store against a real S3 server (S3Proxy through the MinIO SDK). */
class ObjectStoreIT {

    static TestStack stack;
    static ObjectStore store;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), "inkflow-it", "us-east-1");
        store.ensureBucket();
        store.ensureBucket(); // a second call finds the bucket and changes nothing
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void contentAddressedPutWritesTheSameBytesOnce() {
        byte[] data = "a cat drawing".getBytes(StandardCharsets.UTF_8);
        PutResult first = store.putContentAddressed("raw/test/cat", data, "png", "image/png");
        PutResult second = store.putContentAddressed("raw/test/cat/", data, "png", "image/png");
        assertThat(first.written()).isTrue();
        assertThat(second.written()).isFalse();
        assertThat(first.key()).isEqualTo("raw/test/cat/" + ContentHash.sha256(data) + ".png").isEqualTo(second.key());
        assertThat(store.get(first.key())).isEqualTo(data);
        assertThat(store.list("raw/test/cat/")).extracting(ObjectInfo::key).containsExactly(first.key());
    }

    @Test
    void writeOnceRefusesOtherBytesAtAnExistingKey() {
        assertThat(store.putOnce("datasets/d/1/manifest.json", "{}".getBytes(), "application/json")).isTrue();
        assertThatThrownBy(() -> store.putOnce("datasets/d/1/manifest.json", "{\"x\":1}".getBytes(), "application/json"))
                .isInstanceOf(ObjectStoreException.class).hasMessageContaining("already exists with other content");
        assertThat(new String(store.get("datasets/d/1/manifest.json"))).isEqualTo("{}");
    }

    @Test
    void statusDocumentsMayChangeAndNothingElseMay() {
        store.putStatus("runs/r1/status.json", "{\"state\":\"RUNNING\"}".getBytes(), "application/json");
        store.putStatus("runs/r1/status.json", "{\"state\":\"COMPLETED\"}".getBytes(), "application/json");
        assertThat(new String(store.get("runs/r1/status.json"))).contains("COMPLETED");
        assertThatThrownBy(() -> store.putStatus("runs/r1/metrics.jsonl", new byte[1], "text/plain"))
                .hasMessageContaining("is not a status document");
    }

    @Test
    void missingKeyIsAClearError() {
        assertThat(store.stat("nope/missing.png")).isEmpty();
        assertThat(store.exists("nope/missing.png")).isFalse();
        assertThatThrownBy(() -> store.get("nope/missing.png"))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessage("no object at s3://inkflow-it/nope/missing.png");
    }

    @Test
    void listsByPrefixInKeyOrder() {
        store.putOnce("samples/s2/input.png", new byte[] {2}, "image/png");
        store.putOnce("samples/s1/input.png", new byte[] {1}, "image/png");
        store.putOnce("samples/s1/target.png", new byte[] {1, 1}, "image/png");
        store.putOnce("samplesX/other.png", new byte[] {3}, "image/png");
        assertThat(store.list("samples/")).extracting(ObjectInfo::key)
                .containsExactly("samples/s1/input.png", "samples/s1/target.png", "samples/s2/input.png");
        assertThat(store.list("samples/s1/")).extracting(ObjectInfo::size).containsExactly(1L, 2L);
    }

    @Test
    void directoriesGoUpAndComeBack(@TempDir Path tmp) throws Exception {
        Path model = Files.createDirectories(tmp.resolve("up/saved_model/variables"));
        Files.writeString(model.getParent().resolve("saved_model.pb"), "graph");
        Files.writeString(model.resolve("variables.index"), "index");
        assertThat(store.putDirectory(tmp.resolve("up"), "models/m/1")).isEqualTo(2);
        Path down = tmp.resolve("down");
        assertThat(store.getDirectory("models/m/1/", down)).isEqualTo(2);
        assertThat(Files.readString(down.resolve("saved_model/variables/variables.index"))).isEqualTo("index");
        assertThatThrownBy(() -> store.getDirectory("models/none/", tmp.resolve("x")))
                .isInstanceOf(ObjectNotFoundException.class);
        WorkDirs.deleteRecursively(down);
    }
}
