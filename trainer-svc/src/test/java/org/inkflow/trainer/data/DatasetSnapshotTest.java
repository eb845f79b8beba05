package org.inkflow.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.inkflow.common.artifacts.DatasetManifest;
import org.junit.jupiter.api.Test;

class DatasetSnapshotTest {

    private static DatasetManifest manifest(String json) {
        return DatasetManifest.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheShapeTheCleanerWrites() {
        DatasetSnapshot s = DatasetSnapshot.of(manifest("""
                {"schemaVersion":1,"name":"openmoji","version":"3","imageSize":64,"createdAt":"2026-01-01T00:00:00Z",
                 "splits":{"train":[{"sha256":"aa","inputKey":"samples/aa/input.png","targetKey":"samples/aa/target.png","tags":["cat"]}],
                           "validation":[{"sha256":"bb","inputKey":"samples/bb/64-pad/input-xdog.png","targetKey":"samples/bb/target.png"}],
                           "test":[{"sha256":"cc","inputKey":"samples/cc/input.png","targetKey":"samples/cc/target.png"}]},
                 "stats":{"input":{"mean":0.9,"std":0.2,"histogram":[0.5,0.5]},"target":{"mean":[0.8,0.7,0.6],"std":[0.1,0.1,0.1]},
                          "samples":1,"pixels":4096},
                 "tagCounts":{"cat":1}}"""));
        assertThat(s.imageSize()).isEqualTo(64);
        assertThat(s.train()).singleElement().satisfies(r -> {
            assertThat(r.inputKey()).isEqualTo("samples/aa/input.png");
            assertThat(r.tags()).containsExactly("cat");
        });
        assertThat(s.validation().get(0).inputKey()).isEqualTo("samples/bb/64-pad/input-xdog.png");
        assertThat(s.validation().get(0).targetKey()).isEqualTo("samples/bb/target.png");
        assertThat(s.test().get(0).inputKey()).isEqualTo("samples/cc/input.png");
        assertThat(s.inputMean()).isEqualTo(0.9);
        assertThat(s.inputStd()).isEqualTo(0.2);
        assertThat(s.targetMean()).containsExactly(0.8f, 0.7f, 0.6f);
        assertThat(s.credits()).contains("OpenMoji").contains("CC BY-SA 4.0");
    }

    @Test
    void withoutStatisticsTheyAreMeasuredLaterAndCreditsComeFromTheManifest() {
        DatasetSnapshot s = DatasetSnapshot.of(manifest("""
                {"name":"d","version":"1","imageSize":32,"createdAt":"2026-01-01T00:00:00Z","credits":"CC0",
                 "splits":{"train":[{"sha256":"x1","inputKey":"samples/x1/input.png","targetKey":"samples/x1/target.png"}],
                           "holdout":[{"sha256":"x3","inputKey":"samples/x3/input.png","targetKey":"samples/x3/target.png"}]}}"""));
        assertThat(s.name()).isEqualTo("d");
        assertThat(s.train()).extracting(DatasetSnapshot.SampleRef::sha256).containsExactly("x1");
        assertThat(s.validation()).isEmpty();
        assertThat(s.test()).isEmpty();
        assertThat(s.inputMean()).isNull();
        assertThat(s.targetMean()).isNull();
        assertThat(s.credits()).isEqualTo("CC0");
    }

    @Test
    void rejectsWhatTheCleanerNeverWrites() {
        assertThatThrownBy(() -> manifest("[1,2]")).hasMessageContaining("not a valid DatasetManifest");
        assertThatThrownBy(() -> manifest("{nope")).hasMessageContaining("not a valid DatasetManifest");
        // the older spellings (a top-level samples list, bare sha256 strings) are not read any more
        assertThatThrownBy(() -> manifest("""
                {"name":"d","version":"1","imageSize":32,"createdAt":"2026-01-01T00:00:00Z",
                 "samples":[{"id":"x1","split":"training"}]}""")).hasMessageContaining("missing required field 'splits'");
        assertThatThrownBy(() -> manifest("""
                {"name":"d","version":"1","imageSize":32,"createdAt":"2026-01-01T00:00:00Z","splits":{"train":["cc"]}}"""))
                .hasMessageContaining("not a valid DatasetManifest");
    }
}
