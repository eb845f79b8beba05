package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetManifestTest {

    /** A manifest as the cleaner wrote them before the artifacts moved to common, with a field from the future. */
    private static final String STORED = """
            {"name":"openmoji","version":"3","imageSize":64,
             "splits":{"train":[{"sha256":"aa","inputKey":"samples/aa/input.png","targetKey":"samples/aa/target.png",
                                 "tags":["animal","cat"],"groupKey":"g1","extra":1}],
                       "validation":[{"sha256":"bb","inputKey":"samples/bb/64-pad/input-xdog.png",
                                      "targetKey":"samples/bb/64-pad/target.png"}],
                       "test":[]},
             "stats":{"input":{"mean":0.9,"std":0.2,"histogram":[0.25,0.75]},
                      "target":{"mean":[0.7,0.6,0.5],"std":[0.1,0.2,0.3]},"samples":1,"pixels":4096},
             "tagCounts":{"animal":1},"createdAt":"2026-01-01T00:00:00Z","schemaVersion":1,"lineArt":"paired",
             "normalize":"pad","shuffleSeed":42,"fingerprint":"f00d","licenses":{"CC BY-SA 4.0":2},
             "somethingNew":{"x":[1,2]}}
            """;

    private static DatasetManifest read(String json) {
        return DatasetManifest.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsWhatTheCleanerWroteAndIgnoresUnknownFields() {
        DatasetManifest m = read(STORED);
        assertThat(m.name()).isEqualTo("openmoji");
        assertThat(m.imageSize()).isEqualTo(64);
        assertThat(m.schemaVersion()).isEqualTo(1);
        assertThat(m.splits().keySet()).containsExactly("train", "validation", "test");
        assertThat(m.split(DatasetManifest.TRAIN)).singleElement().satisfies(s -> {
            assertThat(s.tags()).containsExactly("animal", "cat");
            assertThat(s.groupKey()).isEqualTo("g1");
        });
        assertThat(m.split(DatasetManifest.VALIDATION)).extracting(DatasetManifest.Sample::inputKey)
                .containsExactly("samples/bb/64-pad/input-xdog.png");
        assertThat(m.split(DatasetManifest.VALIDATION).get(0).tags()).isEmpty();
        assertThat(m.split(DatasetManifest.TEST)).isEmpty();
        assertThat(m.split("holdout")).isEmpty();
        assertThat(m.stats().target().mean()).containsExactly(0.7, 0.6, 0.5);
        assertThat(m.stats().schemaVersion()).isEqualTo(1);
        assertThat(m.shuffleSeed()).isEqualTo(42L);
        assertThat(m.licenses()).containsEntry("CC BY-SA 4.0", 2);
        assertThat(m.credits()).isNull();
    }

    @Test
    void roundTripsThroughJson() {
        Map<String, List<DatasetManifest.Sample>> splits = new LinkedHashMap<>();
        splits.put("train", List.of(new DatasetManifest.Sample("c0ffee", "samples/c0ffee/input.png",
                "samples/c0ffee/target.png", List.of("cat"), "post-7")));
        splits.put("validation", List.of());
        DatasetStats stats = new DatasetStats(1, new DatasetStats.Input(0.91, 0.27, new double[] {0.125, 0.875}),
                new DatasetStats.Target(new double[] {0.5, 0.4, 0.3}, new double[] {0.2, 0.1, 0.05}), 17, 17L * 48 * 32);
        DatasetManifest m = new DatasetManifest("shapes", "20260101-a", 48, splits, stats, Map.of("cat", 1),
                Instant.parse("2026-03-04T05:06:07Z"), 1, "xdog", "crop", Map.of("xdog", 1), Map.of("train", 0.8),
                Map.of("train", 1), "train", Map.of("cat", 3), Map.of("too-few", 2), 100, 1, List.of("cat"),
                List.of("flag"), 7L, "beef", "datasets/shapes/20260101-a/stats.json",
                "datasets/shapes/20260101-a/preview.png", Map.of("CC0", 1), "synthetic");
        DatasetManifest back = DatasetManifest.read(m.toJson());
        assertThat(back.splits()).isEqualTo(m.splits());
        assertThat(back.stats().input().histogram()).containsExactly(0.125, 0.875);
        assertThat(back.stats().pixels()).isEqualTo(17L * 48 * 32);
        assertThat(back).usingRecursiveComparison().ignoringFields("stats").isEqualTo(m);
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> read("nope")).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("not a valid DatasetManifest");
        assertThatThrownBy(() -> read("{\"splits\":{}}")).isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'name' in DatasetManifest");
        assertThatThrownBy(() -> read(STORED.replace("\"imageSize\":64,", "")))
                .hasMessage("missing required field 'imageSize' in DatasetManifest");
        assertThatThrownBy(() -> read(STORED.replace("\"createdAt\":\"2026-01-01T00:00:00Z\",", "")))
                .hasMessage("missing required field 'createdAt' in DatasetManifest");
        assertThatThrownBy(() -> read(STORED.replace("\"inputKey\":\"samples/aa/input.png\",", "")))
                .hasMessage("missing required field 'splits[].inputKey' in DatasetManifest");
        assertThatThrownBy(() -> read(STORED.replace("\"schemaVersion\":1", "\"schemaVersion\":9")))
                .hasMessageContaining("unsupported schemaVersion 9 in DatasetManifest");
    }
}
