package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.inkflow.common.events.ModelPromotion;
import org.junit.jupiter.api.Test;

class PromotionLogTest {

    /** promotions-status.json as the evaluator wrote it before it carried a schemaVersion, plus unknown fields. */
    private static final String STORED = """
            {"modelName":"colorizer","owner":"evaluator-0","history":[
              {"schemaVersion":1,"modelName":"colorizer","alias":"production","version":"v1",
               "location":"models/colorizer/v1/","metrics":{"l1":0.125},"action":"blessed",
               "promotedAt":"2026-01-02T03:04:05Z"},
              {"schemaVersion":1,"modelName":"colorizer","alias":"production","version":"v2",
               "location":"models/colorizer/v2/","action":"promote","previousVersion":"v1",
               "promotedAt":"2026-01-03T00:00:00Z","offset":17}]}
            """;

    private static PromotionLog read(String json) {
        return PromotionLog.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsALogWrittenWithoutAVersionInOrder() {
        PromotionLog log = read(STORED);
        assertThat(log.schemaVersion()).isEqualTo(1);
        assertThat(log.history()).extracting(ModelPromotion::version).containsExactly("v1", "v2");
        assertThat(log.history().get(0).metrics()).containsEntry("l1", 0.125);
        assertThat(log.history().get(1).previousVersion()).isEqualTo("v1");
    }

    @Test
    void roundTripsThroughJson() {
        PromotionLog log = new PromotionLog(PromotionLog.SCHEMA_VERSION, "colorizer", List.of(
                new ModelPromotion(1, "colorizer", "staging", "v3", "models/colorizer/v3/", Map.of("ssim", 0.75),
                        "promote", null, Instant.parse("2026-01-04T05:06:07Z")),
                new ModelPromotion(1, "colorizer", "staging", "v2", "models/colorizer/v2/", Map.of(), "rollback",
                        "v3", Instant.parse("2026-01-04T05:07:00Z"))));
        assertThat(PromotionLog.read(log.toJson())).isEqualTo(log);
        assertThat(read("{\"modelName\":\"m\"}").history()).isEmpty();
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"modelName\":\"colorizer\",\"owner\"", "\"owner\"")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'modelName' in PromotionLog");
        assertThatThrownBy(() -> read(STORED.replace("\"location\":\"models/colorizer/v2/\",", "")))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("location");
    }
}
