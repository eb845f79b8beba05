package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inkflow.common.events.ModelEvaluation.GateCheck;
import org.junit.jupiter.api.Test;

class EvaluationStatusTest {

    /** status.json as the evaluator wrote it before it carried a schemaVersion, plus an unknown field (owner). */
    private static final String STORED = """
            {"modelName":"colorizer","version":"20260101-r7","state":"REJECTED","location":"models/colorizer/20260101-r7/",
             "runId":"r7","datasetName":"openmoji","datasetVersion":"3","members":[],
             "metrics":{"validation":{"l1":0.125,"psnr":18.5},"baseline:line-copy/validation":{"l1":0.25}},
             "checks":[{"name":"production-tolerance","metric":"l1","value":0.125,"threshold":"NaN","passed":false,
                        "detail":"production unavailable"}],
             "reportKey":"evaluations/colorizer/20260101-r7/report.html","receivedAt":"2026-01-02T03:04:05Z",
             "evaluatedAt":"2026-01-02T03:09:00Z","attempts":2,"owner":"replica-0"}
            """;

    private static EvaluationStatus read(String json) {
        return EvaluationStatus.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsStatusWrittenWithoutAVersionAsVersionOne() {
        EvaluationStatus s = read(STORED);
        assertThat(s.schemaVersion()).isEqualTo(1);
        assertThat(s.state()).isEqualTo("REJECTED");
        assertThat(s.metrics()).containsOnlyKeys("validation", "baseline:line-copy/validation");
        assertThat(s.metrics().get("validation")).containsEntry("psnr", 18.5);
        assertThat(s.checks()).singleElement().satisfies(c -> {
            assertThat(c.threshold()).isNaN();
            assertThat(c.passed()).isFalse();
        });
        assertThat(s.evaluatedAt()).isEqualTo(Instant.parse("2026-01-02T03:09:00Z"));
        assertThat(s.attempts()).isEqualTo(2);
        assertThat(read(STORED.replace(",\"attempts\":2", "")).attempts()).as("absent: never started").isZero();
    }

    @Test
    void roundTripsThroughJsonKeepingMetricOrder() {
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        metrics.put("validation", Map.of("l1", 0.0625));
        metrics.put("test", Map.of("l1", 0.07));
        metrics.put("production:v1/validation", Map.of("l1", 0.08));
        EvaluationStatus s = new EvaluationStatus(EvaluationStatus.SCHEMA_VERSION, "colorizer", "ensemble-0a1b2c3d4e5f",
                "BLESSED", "models/colorizer/ensemble-0a1b2c3d4e5f/", null, "openmoji", "3", List.of("v1", "v3"),
                metrics, List.of(new GateCheck("minimum", "psnr", 21.5, 10.0, true, "psnr 21.5 >= 10")),
                "evaluations/colorizer/ensemble-0a1b2c3d4e5f/report.html", null, 1,
                Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:05:06.5Z"));
        EvaluationStatus back = EvaluationStatus.read(s.toJson());
        assertThat(back).isEqualTo(s);
        assertThat(back.metrics().keySet()).containsExactly("validation", "test", "production:v1/validation");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"state\":\"REJECTED\",", "")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'state' in EvaluationStatus");
        assertThatThrownBy(() -> read(STORED.replace("\"modelName\":\"colorizer\",", "")))
                .hasMessage("missing required field 'modelName' in EvaluationStatus");
        assertThatThrownBy(() -> read("{\"schemaVersion\":9," + STORED.strip().substring(1)))
                .hasMessageContaining("unsupported schemaVersion 9 in EvaluationStatus");
    }
}
