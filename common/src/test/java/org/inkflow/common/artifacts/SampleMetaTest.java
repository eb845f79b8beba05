package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleMetaTest {

    private static final String SHA = "ab".repeat(32);

    /** meta.json as the cleaner wrote it before it carried a schemaVersion (nulls left out), plus an unknown field. */
    private static final String STORED = """
            {
              "sha256" : "%1$s",
              "source" : "openmoji",
              "rawKey" : "raw/openmoji/ab/%1$s.png",
              "rawLineArtKey" : "raw/openmoji/ab/%1$s-lineart.png",
              "license" : "CC-BY-SA-4.0",
              "tags" : [ "fox", "animal" ],
              "primaryTag" : "fox",
              "groupKey" : "1F98A",
              "split" : "validation",
              "size" : 64,
              "normalize" : "pad",
              "lineArtSource" : "paired",
              "inputKey" : "samples/%1$s/input.png",
              "targetKey" : "samples/%1$s/target.png",
              "perceptualHash" : "f0f0e1e1c3c38787",
              "colorGrid" : "0a0b0c",
              "sourceWidth" : 618,
              "sourceHeight" : 480,
              "measures" : { "aspectRatio" : 1.2875, "edgeDensity" : 0.0425 },
              "cleanedAt" : "2026-03-04T05:06:07.123Z",
              "reviewer" : { "name" : "later field" }
            }""".formatted(SHA);

    private static SampleMeta read(String json) {
        return SampleMeta.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsMetaWrittenWithoutAVersionAsVersionOneIgnoringUnknownFields() {
        SampleMeta m = read(STORED);
        assertThat(m.schemaVersion()).isEqualTo(1);
        assertThat(m.sha256()).isEqualTo(SHA);
        assertThat(m.tags()).containsExactly("fox", "animal");
        assertThat(m.split()).isEqualTo("validation");
        assertThat(m.size()).isEqualTo(64);
        assertThat(m.sourceWidth()).isEqualTo(618);
        assertThat(m.sourceHeight()).isEqualTo(480);
        assertThat(m.measures()).containsEntry("aspectRatio", 1.2875);
        assertThat(m.rating()).isNull();
        assertThat(m.cleanedAt()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123Z"));
    }

    @Test
    void roundTripsThroughJson() {
        SampleMeta m = new SampleMeta(SampleMeta.SCHEMA_VERSION, SHA, "safebooru", "raw/safebooru/ab/x.jpg", null, "unknown",
                "https://example.org/post/7", List.of("1girl", "smile"), "1girl", "s", SHA, "train", 128, "crop", "xdog",
                "samples/" + SHA + "/input.png", "samples/" + SHA + "/target.png", "0123456789abcdef", "ff00ff",
                900, 1200, Map.of("chromaP99", 0.4312, "colorFraction", 0.5), Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(SampleMeta.read(m.toJson())).isEqualTo(m);
    }

    @Test
    void optionalFieldsTakeTheWritersDefaults() {
        SampleMeta m = read(STORED.replace("\"primaryTag\" : \"fox\",", "").replace("\"groupKey\" : \"1F98A\",", "")
                .replace("\"tags\" : [ \"fox\", \"animal\" ],", ""));
        assertThat(m.tags()).isEmpty();
        assertThat(m.primaryTag()).isEqualTo(SampleMeta.UNTAGGED);
        assertThat(m.groupKey()).isEqualTo(SHA);
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"split\" : \"validation\",", "")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'split' in SampleMeta");
        assertThatThrownBy(() -> read(STORED.replace("\"size\" : 64,", "")))
                .hasMessage("missing required field 'size' in SampleMeta");
        assertThatThrownBy(() -> read(STORED.replace("\"targetKey\" : \"samples/" + SHA + "/target.png\",", "")))
                .hasMessage("missing required field 'targetKey' in SampleMeta");
        assertThatThrownBy(() -> read(STORED.replace("\"cleanedAt\" : \"2026-03-04T05:06:07.123Z\",", "")))
                .hasMessage("missing required field 'cleanedAt' in SampleMeta");
        assertThatThrownBy(() -> read("{\"schemaVersion\":2}")).hasMessageContaining("unsupported schemaVersion 2");
    }
}
