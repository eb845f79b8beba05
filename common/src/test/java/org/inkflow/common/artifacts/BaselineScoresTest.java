package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link BaselineScores} and the {@link SplitScores} it nests (also stored alone as cached production scores). */
class BaselineScoresTest {

    /** scores.json as the evaluator wrote it before it carried a schemaVersion, plus unknown fields. */
    private static final String STORED = """
            {"dataset":"openmoji","version":"3","ssimWindow":"gaussian 11x11, sigma 1.5","cacheHits":4,
             "splits":{"validation":{"line-copy":{"summary":{"l1":0.25,"psnr":12.5,"count":40.0},
                                                  "byTag":{"animal":{"l1":0.3},"face":{"l1":0.2}}},
                                     "mean-color":{"summary":{"l1":0.2}}}},
             "computedAt":"2026-01-02T03:04:05Z"}
            """;

    private static BaselineScores read(String json) {
        return BaselineScores.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsScoresWrittenWithoutAVersionKeepingTagOrder() {
        BaselineScores s = read(STORED);
        assertThat(s.schemaVersion()).isEqualTo(1);
        SplitScores lineCopy = s.split("validation").get("line-copy");
        assertThat(lineCopy.schemaVersion()).isEqualTo(1);
        assertThat(lineCopy.summary()).containsEntry("psnr", 12.5);
        assertThat(lineCopy.byTag().keySet()).containsExactly("animal", "face");
        assertThat(s.split("validation").get("mean-color").byTag()).isEmpty();
        assertThat(s.split("test")).isEmpty();
    }

    @Test
    void roundTripsThroughJson() {
        Map<String, Map<String, Double>> tags = new LinkedHashMap<>();
        tags.put("smileys", Map.of("l1", 0.0625, "count", 9.0));
        tags.put("animals", Map.of("l1", 0.125, "count", 3.0));
        SplitScores scores = new SplitScores(Map.of("l1", 0.1, "ssim", 0.625), tags);
        BaselineScores s = new BaselineScores(BaselineScores.SCHEMA_VERSION, "openmoji", "4", "gaussian 7x7",
                Map.of("test", Map.of("line-copy", scores)), Instant.parse("2026-01-02T03:04:05.25Z"));
        assertThat(BaselineScores.read(s.toJson())).isEqualTo(s);
        SplitScores alone = SplitScores.read(scores.toJson());
        assertThat(alone).isEqualTo(scores);
        assertThat(alone.byTag().keySet()).containsExactly("smileys", "animals");
        assertThat(SplitScores.read("{\"summary\":{\"l1\":0.5},\"extra\":true}".getBytes(StandardCharsets.UTF_8))
                .summary()).containsEntry("l1", 0.5);
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"dataset\":\"openmoji\",", "")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'dataset' in BaselineScores");
        assertThatThrownBy(() -> read(STORED.replace("\"summary\":{\"l1\":0.2}", "\"byTag\":{}")))
                .hasMessage("missing required field 'summary' in SplitScores");
        assertThatThrownBy(() -> SplitScores.read("{\"byTag\":{}}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("missing required field 'summary' in SplitScores");
    }
}
