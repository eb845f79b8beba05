package org.inkflow.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    @Test
    void readsTheAgreedShape() {
        String json = """
                {"name":"openmoji","version":"3","imageSize":64,
                 "splits":{"train":[{"sha256":"aa","inputKey":"samples/aa/input.png","targetKey":"samples/aa/target.png","tags":["cat"]}],
                           "validation":[{"sha256":"bb"}],"test":["cc"]},
                 "stats":{"input":{"mean":0.9,"std":0.2},"target":{"mean":[0.8,0.7,0.6],"std":[0.1,0.1,0.1]}},
                 "tagCounts":{"cat":1}}""";
        DatasetSnapshot s = ManifestReader.read(json.getBytes(StandardCharsets.UTF_8), "openmoji", "3");
        assertThat(s.imageSize()).isEqualTo(64);
        assertThat(s.train()).singleElement().satisfies(r -> {
            assertThat(r.inputKey()).isEqualTo("samples/aa/input.png");
            assertThat(r.tags()).containsExactly("cat");
        });
        assertThat(s.validation().get(0).targetKey()).isEqualTo("samples/bb/target.png");
        assertThat(s.test().get(0).inputKey()).isEqualTo("samples/cc/input.png");
        assertThat(s.inputMean()).isEqualTo(0.9);
        assertThat(s.targetMean()).containsExactly(0.8f, 0.7f, 0.6f);
        assertThat(s.credits()).contains("OpenMoji").contains("CC BY-SA 4.0");
    }

    @Test
    void toleratesOtherSpellings() {
        String json = """
                {"samples":[{"id":"x1","split":"training"},{"sha256":"x2","split":"val"},{"sha256":"x3","split":"holdout"}],
                 "license":"CC0"}""";
        DatasetSnapshot s = ManifestReader.read(json.getBytes(StandardCharsets.UTF_8), "d", "1");
        assertThat(s.name()).isEqualTo("d");
        assertThat(s.train()).extracting(DatasetSnapshot.SampleRef::sha256).containsExactly("x1");
        assertThat(s.validation()).extracting(DatasetSnapshot.SampleRef::sha256).containsExactly("x2");
        assertThat(s.imageSize()).isNull();
        assertThat(s.inputMean()).isNull();
        assertThat(s.credits()).isEqualTo("CC0");
    }

    @Test
    void rejectsWhatIsNotAManifest() {
        assertThatThrownBy(() -> ManifestReader.read("[1,2]".getBytes(), "d", "1")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> ManifestReader.read("{nope".getBytes(), "d", "1")).hasMessageContaining("not valid JSON");
    }
}
