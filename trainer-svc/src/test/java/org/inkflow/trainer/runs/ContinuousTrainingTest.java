package org.inkflow.trainer.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ContinuousTrainingTest {

    @Test
    void eachDatasetVersionGetsOneRunWhoseIdComesFromNameAndVersion() {
        ContinuousTraining training = new ContinuousTraining(true, "colorizer", Map.of("steps", "600"));
        RunSubmission run = training.runFor("openmoji", "20260101T120000Z-0123456789ab").orElseThrow();
        assertThat(run.runId()).isEqualTo("auto-openmoji-20260101T120000Z-0123456789ab");
        assertThat(run.datasetName()).isEqualTo("openmoji");
        assertThat(run.datasetVersion()).isEqualTo("20260101T120000Z-0123456789ab");
        assertThat(run.modelName()).isEqualTo("colorizer");
        assertThat(run.hyperparameters()).containsEntry("steps", "600");
        assertThat(training.runFor("openmoji", "20260101T120000Z-0123456789ab").orElseThrow().runId())
                .as("a replayed event names the same run").isEqualTo(run.runId());
        assertThat(training.runFor("openmoji", "20260102T120000Z-0123456789ab").orElseThrow().runId())
                .isNotEqualTo(run.runId());
    }

    @Test
    void offMeansNoRun() {
        assertThat(new ContinuousTraining(false, "colorizer", Map.of()).runFor("d", "1")).isEmpty();
    }

    @Test
    void runIdsStayValidAndDistinctWhenNamesAreOddOrLong() {
        assertThat(ContinuousTraining.runId("a b", "v/1")).isEqualTo("auto-a-b-v-1");
        String name = "n".repeat(63);
        String a = ContinuousTraining.runId(name, "x".repeat(60) + "a");
        String b = ContinuousTraining.runId(name, "x".repeat(60) + "b");
        assertThat(a).hasSizeLessThanOrEqualTo(ContinuousTraining.MAX_RUN_ID).matches("[A-Za-z0-9][A-Za-z0-9._-]*");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void badHyperparametersStopTheServiceAtStartWithThePropertyName() {
        assertThatThrownBy(() -> new ContinuousTraining(true, "colorizer", Map.of("stepz", "5")))
                .hasMessageContaining("inkflow.trainer.auto-train.hyperparameters").hasMessageContaining("stepz");
        assertThatThrownBy(() -> new ContinuousTraining(true, "colorizer", Map.of("steps", "many")))
                .hasMessageContaining("must be a number");
    }
}
