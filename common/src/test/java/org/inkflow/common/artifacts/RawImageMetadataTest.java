package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawImageMetadataTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /** Metadata as the crawler wrote it before this record (a booru post without line art), plus an unknown field. */
    private static final String STORED = """
            {"schemaVersion":1,"sha256":"%s","md5":"d41d8cd98f00b204e9800998ecf8427e","source":"safebooru",
             "postId":"100","tags":["cat","solo"],"rating":"g","width":40,"height":24,"contentType":"image/png",
             "sizeBytes":1234,"sourceUrl":"https://safebooru.org/images/1/img100.png",
             "postUrl":"https://safebooru.org/index.php?page=post&s=view&id=100","license":"unknown (see postUrl)",
             "groupKey":"safebooru:100","jobId":"job-1","crawledAt":"2026-01-02T03:04:05.123Z","camera":"x"}
            """.formatted(SHA);

    private static RawImageMetadata read(String json) {
        return RawImageMetadata.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsWhatTheCrawlerStoredAndIgnoresUnknownFields() {
        RawImageMetadata m = read(STORED);
        assertThat(m.sha256()).isEqualTo(SHA);
        assertThat(m.tags()).containsExactly("cat", "solo");
        assertThat(m.width()).isEqualTo(40);
        assertThat(m.height()).isEqualTo(24);
        assertThat(m.sizeBytes()).isEqualTo(1234L);
        assertThat(m.lineArtKey()).isNull();
        assertThat(m.crawledAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123Z"));
        assertThat(read(STORED.replace("\"schemaVersion\":1,", "")).schemaVersion()).isEqualTo(1);
    }

    @Test
    void roundTripsThroughJson() {
        RawImageMetadata m = new RawImageMetadata(RawImageMetadata.SCHEMA_VERSION, SHA,
                "0cc175b9c0f1b6a831c399e269772661", "openmoji", "1F44B-1F3FB",
                List.of("people-body", "hand-fingers-open", "wave"), "g", 64, 64, "image/png", 2048L,
                "openmoji-17.0.0.tgz!color/svg/1F44B-1F3FB.svg", null, "CC BY-SA 4.0 (OpenMoji, https://openmoji.org)",
                "raw/openmoji/people-body/line-art/" + SHA + ".png", "1F44B", "job-2",
                Instant.parse("2026-05-06T07:08:09Z"));
        assertThat(RawImageMetadata.read(m.toJson())).isEqualTo(m);
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"sha256\":\"" + SHA + "\",", "")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'sha256' in RawImageMetadata");
        assertThatThrownBy(() -> read(STORED.replace("\"source\":\"safebooru\",", "")))
                .hasMessage("missing required field 'source' in RawImageMetadata");
        assertThatThrownBy(() -> read(STORED.replace("\"contentType\":\"image/png\",", "")))
                .hasMessage("missing required field 'contentType' in RawImageMetadata");
        assertThatThrownBy(() -> read(STORED.replace("\"crawledAt\":\"2026-01-02T03:04:05.123Z\",", "")))
                .hasMessage("missing required field 'crawledAt' in RawImageMetadata");
    }
}
