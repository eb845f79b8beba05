package org.inkflow.evaluator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DatasetManifestTest {

    @Test
    void readsTheAgreedShapeAndIgnoresTheRest() {
        String json = """
                {"name":"openmoji","version":"3","imageSize":64,"createdAt":"2026-01-01T00:00:00Z",
                 "splits":{"train":[{"sha256":"aa","inputKey":"samples/aa/input.png","targetKey":"samples/aa/target.png",
                                     "tags":["animal","cat"],"groupKey":"g1","extra":1}],
                           "validation":[{"sha256":"bb"}, "cc"],
                           "test":[]},
                 "stats":{"input":{"mean":0.9,"std":0.2,"histogram":[1]},"target":{"mean":[1,1,1],"std":[0,0,0]}},
                 "tagCounts":{"animal":1}, "somethingNew":{"x":[1,2]}}
                """;
        DatasetManifest m = DatasetManifest.parse(json.getBytes(StandardCharsets.UTF_8), "x", "y");
        assertThat(m.name()).isEqualTo("openmoji");
        assertThat(m.imageSize()).isEqualTo(64);
        assertThat(m.split("train")).singleElement().satisfies(s -> {
            assertThat(s.tags()).containsExactly("animal", "cat");
            assertThat(s.groupKey()).isEqualTo("g1");
        });
        // keys default to the samples/<sha256>/ layout; a bare string is a sha256
        assertThat(m.split("validation")).extracting(DatasetSample::inputKey)
                .containsExactly("samples/bb/input.png", "samples/cc/input.png");
        assertThat(m.split("validation").get(0).tags()).isEmpty();
        assertThat(m.split("test")).isEmpty();
        assertThat(m.split("holdout")).isEmpty();
    }

    @Test
    void namesFallBackToTheRequestedOnes() {
        DatasetManifest m = DatasetManifest.parse("{\"splits\":{}}".getBytes(StandardCharsets.UTF_8), "shapes", "7");
        assertThat(m.name()).isEqualTo("shapes");
        assertThat(m.version()).isEqualTo("7");
    }

    @Test
    void brokenManifestsSayWhatIsWrong() {
        assertThatThrownBy(() -> DatasetManifest.parse("nope".getBytes(StandardCharsets.UTF_8), "d", "1"))
                .hasMessageContaining("manifest of dataset d/1 is not JSON");
        assertThatThrownBy(() -> DatasetManifest.parse("{}".getBytes(StandardCharsets.UTF_8), "d", "1"))
                .hasMessageContaining("has no 'splits' object");
        assertThatThrownBy(() -> DatasetManifest.parse("{\"splits\":{\"train\":[{\"tags\":[]}]}}"
                .getBytes(StandardCharsets.UTF_8), "d", "1")).hasMessageContaining("has no sha256");
    }
}
