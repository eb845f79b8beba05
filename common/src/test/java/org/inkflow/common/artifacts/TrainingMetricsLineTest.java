package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingMetricsLineTest {

    /** Lines as the trainer wrote them before they carried a schemaVersion, one with an unknown field. */
    private static final String STEP = "{\"type\":\"step\",\"step\":40,\"epoch\":1,\"trainLoss\":0.21,"
            + "\"learningRate\":0.002,\"gradientNorm\":1.5,\"samplesPerSecond\":96.5,\"stepSeconds\":0.08,"
            + "\"dataWaitSeconds\":0.01,\"layers\":{\"enc0_conv1\":{\"gradientNorm\":0.5,\"weightMean\":0.01,"
            + "\"weightStd\":0.2,\"deadRatio\":0.125,\"updateRatio\":0.001}},\"at\":\"2026-12-01T05:31:02.25Z\"}";
    private static final String RESUME = "{\"type\":\"resume\",\"step\":120,\"attempt\":2,\"validationLoss\":0.1125,"
            + "\"at\":\"2026-12-01T05:40:00Z\",\"host\":\"trainer-1\"}";

    @Test
    void readsLinesWrittenWithoutAVersion() {
        TrainingMetricsLine step = TrainingMetricsLine.read(STEP);
        assertThat(step.schemaVersion()).isEqualTo(1);
        assertThat(step.type()).isEqualTo(TrainingMetricsLine.STEP);
        assertThat(step.step()).isEqualTo(40L);
        assertThat(step.layers().get("enc0_conv1").deadRatio()).isEqualTo(0.125);
        assertThat(step.at()).isEqualTo(Instant.parse("2026-12-01T05:31:02.25Z"));
        TrainingMetricsLine resume = TrainingMetricsLine.read(RESUME);
        assertThat(resume.attempt()).isEqualTo(2);
        assertThat(resume.validationLoss()).isEqualTo(0.1125);
        assertThat(resume.trainLoss()).isNull();
    }

    @Test
    void roundTripsAsOneCompactLine() {
        TrainingMetricsLine step = TrainingMetricsLine.step(40, 1, null, 0.002, 1.5, 96.5, 0.08, 0.01,
                Map.of("dec1_up", new TrainingMetricsLine.Layer(0.25, -0.01, 0.3, 0.0, 0.002)),
                Instant.parse("2026-12-01T05:31:02Z"));
        TrainingMetricsLine validation = TrainingMetricsLine.validation(50, 2, 0.2, 0.24, 0.23, false,
                Instant.parse("2026-12-01T05:32:00Z"));
        for (TrainingMetricsLine line : new TrainingMetricsLine[] {step, validation}) {
            String json = line.toJsonLine();
            assertThat(json).doesNotContain("\n").contains("\"type\":\"" + line.type() + "\"");
            assertThat(TrainingMetricsLine.read(json)).isEqualTo(line);
        }
        assertThat(step.toJsonLine()).doesNotContain("trainLoss").contains("\"step\":40");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> TrainingMetricsLine.read(STEP.replace("\"step\":40,", "")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'step' in TrainingMetricsLine");
        assertThatThrownBy(() -> TrainingMetricsLine.read(RESUME.replace("\"type\":\"resume\",", "")))
                .hasMessage("missing required field 'type' in TrainingMetricsLine");
        assertThatThrownBy(() -> TrainingMetricsLine.read("not json"))
                .isInstanceOf(InvalidArtifactException.class);
    }
}
