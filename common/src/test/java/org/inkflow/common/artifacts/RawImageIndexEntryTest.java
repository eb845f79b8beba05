package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawImageIndexEntryTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static RawImageIndexEntry read(String json) {
        return RawImageIndexEntry.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBothIndexesAsTheCrawlerWroteThemWithoutAVersion() {
        RawImageIndexEntry sha = read("""
                {"jobId":"job-1","metadataKey":"raw/safebooru/cat/%1$s.json","sha256":"%1$s",
                 "objectKey":"raw/safebooru/cat/%1$s.png","etag":"ignored"}""".formatted(SHA));
        assertThat(sha.schemaVersion()).isEqualTo(1);
        assertThat(sha.objectKey()).isEqualTo("raw/safebooru/cat/" + SHA + ".png");
        assertThat(sha.metadataKey()).isEqualTo("raw/safebooru/cat/" + SHA + ".json");
        assertThat(sha.jobId()).isEqualTo("job-1");
        RawImageIndexEntry md5 = read("{\"objectKey\":\"raw/danbooru/dog/%1$s.jpg\",\"sha256\":\"%1$s\"}".formatted(SHA));
        assertThat(md5.objectKey()).isEqualTo("raw/danbooru/dog/" + SHA + ".jpg");
        assertThat(md5.metadataKey()).isNull();
        assertThat(md5.jobId()).isNull();
        assertThat(md5.postId()).as("entries from before postId was recorded").isNull();
    }

    @Test
    void roundTripsThroughJson() {
        RawImageIndexEntry e = new RawImageIndexEntry(RawImageIndexEntry.SCHEMA_VERSION, SHA,
                "raw/openmoji/animals-nature/" + SHA + ".png", "raw/openmoji/animals-nature/" + SHA + ".json", "job-3", "1F98A");
        assertThat(RawImageIndexEntry.read(e.toJson())).isEqualTo(e);
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> read("{\"sha256\":\"" + SHA + "\"}"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'objectKey' in RawImageIndexEntry");
        assertThatThrownBy(() -> read("{\"objectKey\":\"raw/x/y/z.png\"}"))
                .hasMessage("missing required field 'sha256' in RawImageIndexEntry");
    }
}
