package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingRunStatusTest {

    /** status.json as the trainer wrote it before it carried a schemaVersion (a finished search), plus an unknown field. */
    private static final String STORED = """
            {"id":"run-20261201-abc123","state":"COMPLETED","datasetName":"openmoji","datasetVersion":"3",
             "modelName":"colorizer","hyperparameters":{"steps":200,"learningRate":0.002},
             "search":{"strategy":"grid","space":{"depth":[2,3]}},
             "trials":[{"runId":"run-20261201-abc123-t0","overrides":{"depth":2},"state":"COMPLETED",
                        "bestValidationLoss":0.125,"bestStep":180}],
             "bestTrial":"run-20261201-abc123-t0","step":200,"totalSteps":200,"epoch":4,"trainLoss":0.11,
             "validationLoss":0.13,"bestValidationLoss":0.125,"bestStep":180,"attempts":2,
             "latestCheckpoint":"runs/run-20261201-abc123/checkpoints/step-200/","resumedAtStep":120,
             "modelVersion":"20261201-0530-abc123","modelLocation":"models/colorizer/20261201-0530-abc123/",
             "createdAt":"2026-12-01T05:30:00Z","finishedAt":"2026-12-01T05:41:12.5Z","gpuTemperature":71}
            """;

    private static TrainingRunStatus read(String json) {
        return TrainingRunStatus.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsStatusWrittenWithoutAVersionAsVersionOne() {
        TrainingRunStatus s = read(STORED);
        assertThat(s.schemaVersion()).isEqualTo(1);
        assertThat(s.state()).isEqualTo("COMPLETED");
        assertThat(s.hyperparameters()).containsEntry("steps", 200);
        assertThat(s.trials()).singleElement().satisfies(t -> {
            assertThat(t.runId()).isEqualTo("run-20261201-abc123-t0");
            assertThat(t.bestStep()).isEqualTo(180L);
        });
        assertThat(s.attempts()).isEqualTo(2);
        assertThat(s.resumedAtStep()).isEqualTo(120L);
        assertThat(s.finishedAt()).isEqualTo(Instant.parse("2026-12-01T05:41:12.5Z"));
        assertThat(s.startedAt()).isNull();
    }

    @Test
    void roundTripsThroughJson() {
        TrainingRunStatus s = new TrainingRunStatus(TrainingRunStatus.SCHEMA_VERSION, "run-7-t1", "run-7", "RUNNING",
                "shapes", "12", "inker", Map.of("steps", 40, "seed", 7), null,
                List.of(new TrainingRunStatus.Trial("run-7-t0", Map.of("depth", 2), "FAILED", null, null, "NaN loss")),
                null, 17, 40, 2, 0.25, 0.3, 0.28, 10L, 0.5, 412.5, 10L, 0.29,
                "runs/run-7-t1/checkpoints/step-10/", "runs/run-7-t1/checkpoints/step-10/", "20261201-0600-run7",
                null, "CPU", null, 3, Instant.parse("2026-12-01T06:00:00Z"), Instant.parse("2026-12-01T06:00:01Z"),
                Instant.parse("2026-12-01T06:02:03Z"), null);
        assertThat(TrainingRunStatus.read(s.toJson())).isEqualTo(s);
        assertThat(new String(s.toJson(), StandardCharsets.UTF_8)).contains("\"schemaVersion\" : 1");
    }

    /** A run's next owner (ADR 0028) resumes from this document: its mode, range test and lineage must survive. */
    @Test
    void modeRangeTestAndLineageRoundTrip() {
        TrainingRunStatus s = new TrainingRunStatus(TrainingRunStatus.SCHEMA_VERSION, "run-8", null, "COMPLETED",
                "shapes", "12", "inker", Map.of("steps", 40), null, List.of(), null, 30, 30, 0, null, null, null, null,
                null, null, null, null, null, null, null, null, "CPU", null, 1, Instant.parse("2026-12-01T06:00:00Z"),
                null, null, null, "lr-range", new TrainingRunStatus.RangeTest(0.003, 0.01, 0.5, 30, "diverged",
                "runs/run-8/lr-range.json", "runs/run-8/lr-range.png"), "models/src/v1/");
        TrainingRunStatus read = TrainingRunStatus.read(s.toJson());
        assertThat(read).isEqualTo(s);
        assertThat(read.learningRateRange().suggestedLearningRate()).isEqualTo(0.003);
        assertThat(read(STORED).mode()).as("documents from before the field").isNull();
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"id\":\"run-20261201-abc123\",\"state\":\"COMPLETED\",", "\"id\":\"run-20261201-abc123\",")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'state' in TrainingRunStatus");
        assertThatThrownBy(() -> read(STORED.replace("\"datasetVersion\":\"3\",", "")))
                .hasMessage("missing required field 'datasetVersion' in TrainingRunStatus");
        assertThatThrownBy(() -> read(STORED.replace("\"createdAt\":\"2026-12-01T05:30:00Z\",", "")))
                .hasMessage("missing required field 'createdAt' in TrainingRunStatus");
        assertThatThrownBy(() -> read(STORED.replace("\"runId\":\"run-20261201-abc123-t0\",", "")))
                .hasMessage("missing required field 'trials[].runId' in TrainingRunStatus");
        assertThatThrownBy(() -> read(STORED.replace("{\"id\"", "{\"schemaVersion\":2,\"id\"")))
                .hasMessageContaining("unsupported schemaVersion 2 in TrainingRunStatus");
    }
}
