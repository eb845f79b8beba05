package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RejectionRecordTest {

    private static final String SHA = "0f".repeat(32);

    /** rejected.json as the cleaner wrote it before it carried a schemaVersion, plus an unknown field. */
    private static final String STORED = """
            {
              "sha256" : "%1$s",
              "rule" : "too-small",
              "value" : 48.0,
              "threshold" : 64.0,
              "reason" : "shorter side is 48 px; the minimum is 64 (inkflow.cleaner.filters.min-side)",
              "rawKey" : "raw/safebooru/0f/%1$s.png",
              "rejectedAt" : "2026-02-03T04:05:06Z",
              "replica" : "cleaner-2"
            }""".formatted(SHA);

    private static RejectionRecord read(String json) {
        return RejectionRecord.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsARecordWrittenWithoutAVersionAsVersionOneIgnoringUnknownFields() {
        RejectionRecord r = read(STORED);
        assertThat(r.schemaVersion()).isEqualTo(1);
        assertThat(r.rule()).isEqualTo("too-small");
        assertThat(r.value()).isEqualTo(48.0);
        assertThat(r.threshold()).isEqualTo(64.0);
        assertThat(r.rejectedAt()).isEqualTo(Instant.parse("2026-02-03T04:05:06Z"));
    }

    @Test
    void roundTripsThroughJsonWithAndWithoutMeasures() {
        RejectionRecord measured = new RejectionRecord(RejectionRecord.SCHEMA_VERSION, SHA, "too-entangled", 0.5125, 0.45,
                "edge density 0.5125 is above 0.45", "raw/x/" + SHA + ".jpg", Instant.parse("2026-01-02T03:04:05.5Z"));
        RejectionRecord undecodable = new RejectionRecord(RejectionRecord.SCHEMA_VERSION, SHA, "undecodable", null, null,
                "not an image: truncated PNG", "raw/x/" + SHA + ".png", Instant.parse("2026-01-02T03:04:06Z"));
        assertThat(RejectionRecord.read(measured.toJson())).isEqualTo(measured);
        assertThat(RejectionRecord.read(undecodable.toJson())).isEqualTo(undecodable);
        assertThat(new String(undecodable.toJson(), StandardCharsets.UTF_8)).doesNotContain("\"value\"");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"rule\" : \"too-small\",", "")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'rule' in RejectionRecord");
        assertThatThrownBy(() -> read(STORED.replace("\"sha256\" : \"" + SHA + "\",", "")))
                .hasMessage("missing required field 'sha256' in RejectionRecord");
        assertThatThrownBy(() -> read(STORED.replace("\"rejectedAt\" : \"2026-02-03T04:05:06Z\",", "")))
                .hasMessage("missing required field 'rejectedAt' in RejectionRecord");
    }
}
