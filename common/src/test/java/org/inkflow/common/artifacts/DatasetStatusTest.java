package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetStatusTest {

    /** status.json as the cleaner wrote it before it carried a schemaVersion, plus unknown fields. */
    private static final String STORED = """
            {
              "name" : "openmoji",
              "version" : "20260301T101112Z-0123456789ab",
              "state" : "BUILDING",
              "request" : {
                "name" : "openmoji",
                "imageSize" : 128,
                "normalize" : "pad",
                "lineArt" : "paired",
                "requirePaired" : true,
                "maxPerTag" : 40,
                "includeTags" : [ "animal" ],
                "excludeTags" : [ ],
                "train" : 0.7,
                "validation" : 0.2,
                "test" : 0.1,
                "seed" : 1234567890123,
                "priority" : "high"
              },
              "fingerprint" : "0123456789abcdef0123456789abcdef",
              "counts" : { "train" : 70, "validation" : 20, "test" : 10 },
              "tagCounts" : { "fox" : 40, "cat" : 60 },
              "manifestKey" : "datasets/openmoji/20260301T101112Z-0123456789ab/manifest.json",
              "statsKey" : "datasets/openmoji/20260301T101112Z-0123456789ab/stats.json",
              "previewKey" : "datasets/openmoji/20260301T101112Z-0123456789ab/preview.png",
              "createdAt" : "2026-03-01T10:11:12Z",
              "updatedAt" : "2026-03-01T10:11:12Z",
              "builder" : "cleaner-0"
            }""";

    private static DatasetStatus read(String json) {
        return DatasetStatus.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAStatusWrittenWithoutAVersionAsVersionOneIgnoringUnknownFields() {
        DatasetStatus s = read(STORED);
        assertThat(s.schemaVersion()).isEqualTo(1);
        assertThat(s.state()).isEqualTo(DatasetStatus.State.BUILDING);
        assertThat(s.request().imageSize()).isEqualTo(128);
        assertThat(s.request().requirePaired()).isTrue();
        assertThat(s.request().maxPerTag()).isEqualTo(40);
        assertThat(s.request().minPerTag()).isNull();
        assertThat(s.request().includeTags()).containsExactly("animal");
        assertThat(s.request().seed()).isEqualTo(1234567890123L);
        assertThat(s.counts()).containsExactly(Map.entry("train", 70), Map.entry("validation", 20), Map.entry("test", 10));
        assertThat(s.error()).isNull();
        assertThat(s.attempts()).as("a document written before attempts were counted").isZero();
    }

    @Test
    void roundTripsThroughJsonAndChangesState() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("train", 7);
        counts.put("validation", 2);
        counts.put("test", 1);
        DatasetStatus building = new DatasetStatus(DatasetStatus.SCHEMA_VERSION, "auto", "20260102T030405Z-abcdefabcdef",
                DatasetStatus.State.BUILDING, new DatasetStatus.Request("auto", 64, "crop", "xdog", false, null, 3,
                List.of(), List.of("comic"), 0.8, 0.1, 0.1, 99L), "abcdefabcdef00", counts, Map.of("untagged", 10),
                "datasets/auto/v/manifest.json", "datasets/auto/v/stats.json", "datasets/auto/v/preview.png", null,
                Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:05Z"), 2);
        DatasetStatus failed = building.with(DatasetStatus.State.FAILED, "IllegalStateException: S3 went away",
                Instant.parse("2026-01-02T03:09:00Z"));
        assertThat(DatasetStatus.read(building.toJson())).isEqualTo(building);
        assertThat(DatasetStatus.read(failed.toJson())).isEqualTo(failed);
        assertThat(failed.createdAt()).isEqualTo(building.createdAt());
        assertThat(failed.attempts()).isEqualTo(2);
        assertThat(DatasetStatus.read(building.withAttempts(3, Instant.parse("2026-01-02T03:05:00Z")).toJson()).attempts()).isEqualTo(3);
        assertThat(new String(building.toJson(), StandardCharsets.UTF_8))
                .containsSubsequence("\"train\" : 7", "\"validation\" : 2", "\"test\" : 1");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"state\" : \"BUILDING\",", "")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'state' in DatasetStatus");
        assertThatThrownBy(() -> read(STORED.replace("\"updatedAt\" : \"2026-03-01T10:11:12Z\",", "")))
                .hasMessage("missing required field 'updatedAt' in DatasetStatus");
        assertThatThrownBy(() -> read(STORED.replace("\"seed\" : 1234567890123,", "")))
                .hasMessage("missing required field 'request.seed' in DatasetStatus");
        assertThatThrownBy(() -> read(STORED.replace("\"state\" : \"BUILDING\"", "\"state\" : \"DONE\"")))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("DatasetStatus");
    }
}
