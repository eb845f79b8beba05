package org.inkflow.common.artifacts;

import org.inkflow.common.keys.Keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardTest {

    private static ModelCard card() {
        return new ModelCard(ModelCard.SCHEMA_VERSION, "colorizer", "20260101-r7", "r7",
                new ModelCard.DatasetRef("openmoji", "3"), 64, 8, 123_456L, Map.of("depth", 3),
                Map.of("steps", 300, "learningRate", 0.002), 42L, Map.of("valLoss", 0.0625),
                new ModelCard.InputStats(0.91, 0.22, List.of(0.25, 0.75)), "OpenMoji, CC BY-SA 4.0", "abc123", 12.5,
                Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void roundTripsThroughJsonAndFiles(@TempDir Path dir) {
        ModelCard card = card();
        assertThat(ModelCard.fromJson(card.toJson())).isEqualTo(card);
        card.write(dir.resolve(Keys.MODEL_CARD));
        assertThat(ModelCard.read(dir.resolve(Keys.MODEL_CARD))).isEqualTo(card);
    }

    @Test
    void unknownFieldsAreIgnoredAndAMissingVersionReadsAsOne() {
        ModelCard card = ModelCard.fromJson("""
                {"name":"colorizer","version":"v2","sizeMultiple":16,"imageSize":48,"credits":"synthetic",
                 "inputStats":{"mean":0.5,"std":0.25,"histogram":[1.0]},"futureField":{"a":1}}""");
        assertThat(card.schemaVersion()).isEqualTo(1);
        assertThat(card.sizeMultiple()).isEqualTo(16);
        assertThat(card.inputStats().histogram()).containsExactly(1.0);
        assertThat(card.metrics()).isEmpty();
    }

    @Test
    void missingRequiredFieldsAreNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ModelCard.fromJson("{\"version\":\"v\",\"sizeMultiple\":8}"))
                .isInstanceOf(InvalidArtifactException.class).hasMessage("missing required field 'name' in ModelCard");
        assertThatThrownBy(() -> ModelCard.fromJson("{\"name\":\"n\",\"version\":\"v\"}"))
                .hasMessageContaining("sizeMultiple >= 1");
        assertThatThrownBy(() -> ModelCard.read(dir.resolve("absent.json"))).hasMessageContaining("no model card at");
        Files.writeString(dir.resolve("bad.json"), "{");
        assertThatThrownBy(() -> ModelCard.read(dir.resolve("bad.json"))).hasMessageContaining("not a valid ModelCard");
    }
}
