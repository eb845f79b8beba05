package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrainingCheckpointTest {

    /** checkpoint.json as the trainer wrote it before it carried a schemaVersion, plus an unknown field. */
    private static final String STORED = """
            {"step":120,"epoch":3,"trainLoss":0.0875,"validationLoss":0.1125,
             "earlyStopping":{"best":0.1125,"bestStep":120,"validationsWithoutImprovement":0},
             "elapsedSeconds":41.25,"best":true,"host":"trainer-0"}
            """;

    private static TrainingCheckpoint read(String json) {
        return TrainingCheckpoint.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsCheckpointWrittenWithoutAVersionAsVersionOne() {
        TrainingCheckpoint c = read(STORED);
        assertThat(c.schemaVersion()).isEqualTo(1);
        assertThat(c.step()).isEqualTo(120L);
        assertThat(c.validationLoss()).isEqualTo(0.1125);
        assertThat(c.earlyStopping()).isEqualTo(new TrainingCheckpoint.EarlyStopping(0.1125, 120, 0));
        assertThat(c.elapsedSeconds()).isEqualTo(41.25);
        assertThat(c.best()).isTrue();
    }

    @Test
    void roundTripsThroughJsonIncludingAnUnsetBest() {
        // Before the first validation early stopping's best is +Infinity and there is no validation loss.
        TrainingCheckpoint c = new TrainingCheckpoint(TrainingCheckpoint.SCHEMA_VERSION, 20L, 0, 0.5, null,
                new TrainingCheckpoint.EarlyStopping(Double.POSITIVE_INFINITY, -1, 0), 3.5, false);
        assertThat(TrainingCheckpoint.read(c.toJson())).isEqualTo(c);
    }

    @Test
    void missingStepIsNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"step\":120,", "")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'step' in TrainingCheckpoint");
    }
}
