package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleManifestTest {

    /** ensemble.json as the evaluator wrote it before it carried a schemaVersion, plus an unknown field. */
    private static final String STORED = """
            {"name":"colorizer","version":"ensemble-0a1b2c3d4e5f","combine":"mean of the members' RGB outputs",
             "members":[{"version":"v1","location":"models/colorizer/v1/"},
                        {"version":"v3","location":"models/colorizer/v3/","weight":1.0}],"requestedBy":"ops"}
            """;

    private static EnsembleManifest read(String json) {
        return EnsembleManifest.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAManifestWrittenWithoutAVersion() {
        EnsembleManifest m = read(STORED);
        assertThat(m.schemaVersion()).isEqualTo(1);
        assertThat(m.combine()).isEqualTo(EnsembleManifest.MEAN_RGB);
        assertThat(m.members()).extracting(EnsembleManifest.Member::version).containsExactly("v1", "v3");
    }

    @Test
    void roundTripsThroughJson() {
        EnsembleManifest m = new EnsembleManifest(EnsembleManifest.SCHEMA_VERSION, "colorizer", "ensemble-ffee00112233",
                EnsembleManifest.MEAN_RGB, List.of(new EnsembleManifest.Member("20260101-r7", "models/colorizer/20260101-r7/"),
                new EnsembleManifest.Member("20260102-r9", "s3://other/models/colorizer/20260102-r9")));
        assertThat(EnsembleManifest.read(m.toJson())).isEqualTo(m);
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"name\":\"colorizer\",", "")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'name' in EnsembleManifest");
        assertThatThrownBy(() -> read(STORED.replace("\"location\":\"models/colorizer/v1/\"", "\"x\":1")))
                .hasMessage("missing required field 'members[].location' in EnsembleManifest");
    }
}
