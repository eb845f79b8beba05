package org.inkflow.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.inkflow.common.keys.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Event fields that become S3 keys: hashes, names and keys that point only where their producer writes. */
class EventFieldsTest {

    static final String SHA = "0123456789abcdef".repeat(4);
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static String raw(String sha, String objectKey, String lineArtKey) {
        return "{\"schemaVersion\":1,\"sha256\":\"" + sha + "\",\"source\":\"openmoji\",\"objectKey\":\"" + objectKey
                + "\"" + (lineArtKey == null ? "" : ",\"lineArtKey\":\"" + lineArtKey + "\"") + "}";
    }

    @Test
    void aWellFormedEventPasses() {
        RawImageStored ok = EventJson.read(raw(SHA, "raw/openmoji/animal/" + SHA + ".png", "raw/openmoji/x/" + SHA + ".png"),
                RawImageStored.class);
        assertThat(ok.sha256()).isEqualTo(SHA);
        assertThat(EventFields.modelLocation(Keys.modelDir("colorizer", "v1-a2"), "colorizer", "v1-a2", ModelCandidate.class))
                .as("Keys.modelDir's layout").isEqualTo("models/colorizer/v1-a2/");
        assertThat(EventFields.modelLocation("models/colorizer/v1", "colorizer", "v1", ModelCandidate.class)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
            "../../../../etc/passwd", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg"})
    void aHashThatIsNotSha256IsRefusedByName(String sha) {
        assertThatThrownBy(() -> EventJson.read(raw(sha, "raw/a.png", null), RawImageStored.class))
                .hasStackTraceContaining("InvalidEventException").hasStackTraceContaining("sha256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"models/colorizer/v1/x.png", "raw/../models/colorizer/v1/saved_model/saved_model.pb",
            "raw//a.png", "raw/./a.png", "/raw/a.png", "raw\\\\a.png", "samples/a/input.png", "raw/a\\u0001.png"})
    void aKeyOutsideWhereItsProducerWritesIsRefused(String key) {
        assertThatThrownBy(() -> EventJson.read(raw(SHA, "raw/a.png", key), RawImageStored.class))
                .hasStackTraceContaining("InvalidEventException").hasStackTraceContaining("'lineArtKey'");
        assertThatThrownBy(() -> EventJson.read(raw(SHA, key, null), RawImageStored.class))
                .hasStackTraceContaining("'objectKey'");
    }

    @Test
    void samplesPointIntoTheirOwnDirectory() {
        assertThatThrownBy(() -> new SampleCleaned(1, SHA, "train", "samples/" + SHA + "/input.png",
                "samples/" + "f".repeat(64) + "/target.png", null, 64, "paired", null, List.of(), "x", null, T))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("'targetKey'");
        assertThatThrownBy(() -> new SampleRejected(1, SHA, "r", null, null, "why", "datasets/x.png", T))
                .hasMessageContaining("'rawKey'");
    }

    @Test
    void modelsAndDatasetsPointOnlyAtTheirOwnVersion() {
        assertThatThrownBy(() -> new ModelCandidate(1, "colorizer", "v2", "run", "models/colorizer/v1/", "d", "1", 64,
                Map.of(), List.of(), T)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("must be models/colorizer/v2/");
        assertThatThrownBy(() -> new ModelCandidate(1, "colorizer", "v2", "run", "raw/evil/", "d", "1", 64,
                Map.of(), List.of(), T)).hasMessageContaining("'location'");
        assertThatThrownBy(() -> new ModelCandidate(1, "../colorizer", "v2", "run", "models/../colorizer/v2/", "d", "1",
                64, Map.of(), List.of(), T)).hasMessageContaining("'modelName'");
        assertThatThrownBy(() -> new ModelPromotion(1, "colorizer", "Production!", "v1", "models/colorizer/v1/",
                Map.of(), "promote", null, T)).hasMessageContaining("'alias'");
        assertThatThrownBy(() -> new ModelPromotion(1, "colorizer", "production", "v1", "models/other/v1/",
                Map.of(), "promote", null, T)).hasMessageContaining("'location'");
        assertThatThrownBy(() -> new DatasetPublished(1, "openmoji", "v1", "datasets/other/v1/manifest.json", Map.of(), 64, T))
                .hasMessageContaining("'manifestKey'");
        assertThatThrownBy(() -> new DatasetPublished(1, "open moji", "v1", "datasets/open moji/v1/manifest.json", Map.of(), 64, T))
                .hasMessageContaining("'name'");
        assertThatThrownBy(() -> new TrainingRequested(1, "run/../x", "d", "1", null, Map.of(), null, T))
                .hasMessageContaining("'runId'");
        assertThatThrownBy(() -> new ModelEvaluation(1, "colorizer", "v1/../../x", true, Map.of(), List.of(), null, T))
                .hasMessageContaining("'version'");
        assertThatThrownBy(() -> new CrawlJobRequested(1, "job 1", "openmoji", "/data", List.of(), "g", 1, 1.0, T, 64))
                .hasMessageContaining("'jobId'");
    }
}
