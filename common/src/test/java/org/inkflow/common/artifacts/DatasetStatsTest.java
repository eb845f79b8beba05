package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DatasetStatsTest {

    /** stats.json as the cleaner wrote it before it carried a schemaVersion, plus an unknown field. */
    private static final String STORED = """
            {"input":{"mean":0.93,"std":0.21,"histogram":[0.0625,0.9375],"median":0.99},
             "target":{"mean":[0.61,0.52,0.43],"std":[0.3,0.31,0.32]},"samples":12,"pixels":49152}
            """;

    private static DatasetStats read(String json) {
        return DatasetStats.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsStatsWrittenWithoutAVersionAsVersionOne() {
        DatasetStats s = read(STORED);
        assertThat(s.schemaVersion()).isEqualTo(1);
        assertThat(s.input().mean()).isEqualTo(0.93);
        assertThat(s.input().histogram()).containsExactly(0.0625, 0.9375);
        assertThat(s.target().std()).containsExactly(0.3, 0.31, 0.32);
        assertThat(s.pixels()).isEqualTo(49152L);
    }

    @Test
    void roundTripsThroughJson() {
        DatasetStats s = new DatasetStats(DatasetStats.SCHEMA_VERSION,
                new DatasetStats.Input(0.875, 0.125, new double[] {0.5, 0.25, 0.25}),
                new DatasetStats.Target(new double[] {0.1, 0.2, 0.3}, new double[] {0.01, 0.02, 0.03}), 3, 3L * 16 * 24);
        assertThat(DatasetStats.read(s.toJson())).usingRecursiveComparison().isEqualTo(s);
    }

    @Test
    void missingOrWrongFieldsAreNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"samples\":12,", "")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'samples' in DatasetStats");
        assertThatThrownBy(() -> read(STORED.replace("\"mean\":0.93,", "")))
                .hasMessage("missing required field 'input.mean' in DatasetStats");
        assertThatThrownBy(() -> read(STORED.replace("[0.61,0.52,0.43]", "[0.61]")))
                .hasMessageContaining("target.mean in DatasetStats has 1 values");
    }
}
