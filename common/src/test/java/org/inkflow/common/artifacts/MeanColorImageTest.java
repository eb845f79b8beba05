package org.inkflow.common.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MeanColorImageTest {

    /** mean-color.json as the evaluator wrote it before it carried a schemaVersion: 1x1 RGB 0.5, 0.25, 1.0. */
    private static final String STORED = """
            {"height":1,"width":1,"layout":"[H,W,3] float32 little-endian, base64","values":"AAAAPwAAgD4AAIA/",
             "fittedOn":12}
            """;

    private static MeanColorImage read(String json) {
        return MeanColorImage.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAnImageWrittenWithoutAVersion() {
        MeanColorImage image = read(STORED);
        assertThat(image.schemaVersion()).isEqualTo(1);
        assertThat(image.pixels()).containsExactly(0.5f, 0.25f, 1.0f);
    }

    @Test
    void roundTripsBitForBitOnANonSquareImage() {
        int h = 2;
        int w = 3;
        float[] values = new float[h * w * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i) * 0.5f + 0.5f;
        }
        MeanColorImage image = MeanColorImage.of(h, w, values);
        MeanColorImage back = MeanColorImage.read(image.toJson());
        assertThat(back).isEqualTo(image);
        assertThat(back.height()).isEqualTo(2);
        assertThat(back.pixels()).containsExactly(values);
    }

    @Test
    void missingOrInconsistentFieldsAreNamed() {
        assertThatThrownBy(() -> read(STORED.replace("\"height\":1,", "")))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessage("missing required field 'height' in MeanColorImage");
        assertThatThrownBy(() -> read(STORED.replace("\"width\":1", "\"width\":2")))
                .hasMessageContaining("values hold 12 bytes; a 1x2 RGB float32 image needs 24");
    }
}
