package org.inkflow.model.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

/** The input checks and tensor copies every loaded model goes through, without a model. */
class LineArtContractTest {

    @Test
    void lineArtMustBeGrayAndSizedToTheMultiple() {
        ColorizerModel.checkLineArt(ImageBatch.zeros(2, 16, 24, 1), 4);
        assertThatThrownBy(() -> ColorizerModel.checkLineArt(ImageBatch.zeros(1, 16, 24, 3), 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 channel");
        assertThatThrownBy(() -> ColorizerModel.checkLineArt(ImageBatch.zeros(1, 18, 24, 1), 4))
                .hasMessageContaining("multiples of 4").hasMessageContaining("pad or resize to 24x20");
        assertThatThrownBy(() -> ColorizerModel.checkLineArt(null, 4)).hasMessageContaining("null");
    }

    @Test
    void batchesCheckTheirShapeAndStack() {
        assertThatThrownBy(() -> new ImageBatch(1, 16, 24, 1, new float[16 * 24 * 3]))
                .hasMessageContaining("needs 384 values but the array has 1152");
        ImageBatch b = ImageBatch.stack(List.of(new float[] {1, 2, 3, 4, 5, 6}, new float[] {7, 8, 9, 10, 11, 12}), 2, 3, 1);
        assertThat(b.shape()).containsExactly(2, 2, 3, 1);
        assertThat(b.image(1)).containsExactly(7, 8, 9, 10, 11, 12);
    }

    @Test
    void tensorsKeepTheNhwcLayout() {
        float[] data = new float[2 * 3 * 5 * 1];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        ImageBatch batch = new ImageBatch(2, 3, 5, 1, data); // non-square so swapped axes fail
        try (TFloat32 t = ImageTensors.tensor(batch)) {
            assertThat(t.shape().asArray()).containsExactly(2, 3, 5, 1);
            assertThat(t.getFloat(1, 2, 4, 0)).isEqualTo(29f);
            assertThat(ImageTensors.toBatch(t)).isEqualTo(batch);
        }
    }

    @Test
    void sessionConfigLimitsThreadsOnlyWhenAsked() {
        assertThat(ExportedModel.sessionConfig(0).getIntraOpParallelismThreads()).isZero();
        assertThat(ExportedModel.sessionConfig(0).getAllowSoftPlacement()).isTrue();
        assertThat(ExportedModel.sessionConfig(3).getIntraOpParallelismThreads()).isEqualTo(3);
        assertThat(ExportedModel.sessionConfig(3).getInterOpParallelismThreads()).isEqualTo(2);
    }
}
