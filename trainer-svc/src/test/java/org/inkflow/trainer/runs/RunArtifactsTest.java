package org.inkflow.trainer.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.inkflow.common.artifacts.InvalidArtifactException;
import org.inkflow.common.artifacts.TrainingCheckpoint;
import org.inkflow.common.artifacts.TrainingMetricsLine;
import org.inkflow.common.artifacts.TrainingRunStatus;
import org.inkflow.trainer.training.CheckpointState;
import org.inkflow.trainer.training.EarlyStopping;
import org.inkflow.trainer.training.StepRecord;
import org.junit.jupiter.api.Test;

class RunArtifactsTest {

    @Test
    void aStatusSurvivesItsStoredForm() {
        RunStatus s = new RunStatus();
        s.id = "run-9";
        s.state = RunState.RUNNING;
        s.datasetName = "shapes";
        s.datasetVersion = "4";
        s.modelName = "colorizer";
        s.hyperparameters = Map.of("steps", 400, "seed", 42);
        s.search = Map.of("strategy", "grid");
        s.trials.add(new RunStatus.Trial("run-9-t0", Map.of("depth", 3), "COMPLETED", 0.125, 80L, null));
        s.step = 120;
        s.totalSteps = 400;
        s.epoch = 3;
        s.trainLoss = 0.2;
        s.bestStep = 100L;
        s.resumedAtStep = 100L;
        s.resumedValidationLoss = 0.22;
        s.latestCheckpoint = "runs/run-9/checkpoints/step-100/";
        s.attempts = 2;
        s.createdAt = Instant.parse("2026-12-01T05:00:00Z");
        s.startedAt = Instant.parse("2026-12-01T05:00:02Z");

        RunStatus back = RunArtifacts.fromRecord(TrainingRunStatus.read(RunArtifacts.toRecord(s).toJson()));

        assertThat(back).usingRecursiveComparison().isEqualTo(s);
    }

    @Test
    void anUnknownStateIsRefusedWithTheStatesThatExist() {
        String json = "{\"id\":\"r\",\"state\":\"PAUSED\",\"datasetName\":\"d\",\"datasetVersion\":\"1\","
                + "\"modelName\":\"m\",\"createdAt\":\"2026-12-01T05:00:00Z\"}";
        assertThatThrownBy(() -> RunArtifacts.fromRecord(TrainingRunStatus.read(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("unknown state 'PAUSED'").hasMessageContaining("COMPLETED");
    }

    @Test
    void aCheckpointStateSurvivesItsStoredFormEarlyStoppingIncluded() {
        for (CheckpointState c : new CheckpointState[] {
                new CheckpointState(140, 3, 0.18, 0.21, new EarlyStopping.State(0.2, 100, 2), 37.5, false),
                new CheckpointState(20, 0, 0.5, null, new EarlyStopping.State(Double.POSITIVE_INFINITY, -1, 0), 2.0, false),
                new CheckpointState(20, 0, 0.5, null, null, 2.0, true)}) {
            assertThat(RunArtifacts.fromRecord(TrainingCheckpoint.read(RunArtifacts.toRecord(c).toJson()))).isEqualTo(c);
        }
    }

    @Test
    void aLoggedStepBecomesAMetricsLineWithoutNonFiniteValues() {
        StepRecord r = new StepRecord(15, 1, Double.NaN, 0.002, 1.25, 0.05, 320.0, 0.001, true,
                Map.of("enc0_conv1", new StepRecord.LayerRecord(0.5, 0.01, 0.2, 0.125, 0.001)));
        TrainingMetricsLine line = RunArtifacts.stepLine(r, Instant.parse("2026-12-01T05:01:00Z"));
        assertThat(line.type()).isEqualTo(TrainingMetricsLine.STEP);
        assertThat(line.trainLoss()).isNull();
        assertThat(line.gradientNorm()).isEqualTo(1.25);
        assertThat(line.layers().get("enc0_conv1").deadRatio()).isEqualTo(0.125);
        assertThat(line.toJsonLine()).contains("\"type\":\"step\"", "\"step\":15", "enc0_conv1").doesNotContain("NaN");
    }
}
