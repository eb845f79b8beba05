package org.inkflow.cleaner.lineart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineArtExtractorTest {

    // 11 wide, 7 high: a mid-gray (0.4) rectangle at x 3..8, y 2..4 on white.
    private static final int W = 11;
    private static final int H = 7;

    private static float[] shape() {
        float[] gray = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                gray[y * W + x] = x >= 3 && x <= 8 && y >= 2 && y <= 4 ? 0.4f : 1f;
            }
        }
        return gray;
    }

    private static float at(float[] a, int x, int y) {
        return a[y * W + x];
    }

    @Test
    void dilateMinusGrayDrawsTheShapesEdgeDarkAndLeavesInsideAndOutsideWhite() {
        float[] out = new DilateMinusGray().extract(shape(), W, H);
        assertThat(out).hasSize(W * H);
        // Edge pixels of the shape (next to white): 1 - |1 - 0.4| = 0.4.
        assertThat(at(out, 3, 2)).isCloseTo(0.4f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(at(out, 8, 4)).isCloseTo(0.4f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(at(out, 5, 2)).isCloseTo(0.4f, org.assertj.core.data.Offset.offset(1e-6f));
        // The middle row's inner pixels see only the shape in their 3x3 window: no edge, white.
        assertThat(at(out, 5, 3)).isEqualTo(1f);
        assertThat(at(out, 0, 0)).isEqualTo(1f);
        assertThat(at(out, 10, 6)).isEqualTo(1f);
        // White pixels next to the shape stay white: the line sits on the darker side.
        assertThat(at(out, 2, 3)).isEqualTo(1f);
    }

    @Test
    void dilateMinusGrayKeepsTheInsideOfALargerShapeWhite() {
        int w = 13;
        int h = 9;
        float[] gray = new float[w * h];
        java.util.Arrays.fill(gray, 1f);
        for (int y = 1; y <= 7; y++) {
            for (int x = 2; x <= 11; x++) {
                gray[y * w + x] = 0.3f;
            }
        }
        float[] out = new DilateMinusGray().extract(gray, w, h);
        assertThat(out[4 * w + 6]).isEqualTo(1f); // inside
        assertThat(out[1 * w + 6]).isLessThan(0.5f); // top edge
        assertThat(out[4 * w + 2]).isLessThan(0.5f); // left edge
        assertThat(out[4 * w + 11]).isLessThan(0.5f); // right edge (x axis is the long one)
        assertThat(out[8 * w + 6]).isEqualTo(1f); // below the shape
    }

    @Test
    void xdogDrawsEdgesDarkAndFlatAreasWhite() {
        int w = 24;
        int h = 16;
        float[] gray = new float[w * h];
        java.util.Arrays.fill(gray, 1f);
        for (int y = 4; y < 12; y++) {
            for (int x = 5; x < 19; x++) {
                gray[y * w + x] = 0.5f;
            }
        }
        float[] out = XDoGExtractor.defaults().extract(gray, w, h);
        assertThat(out[8 * w + 12]).isEqualTo(1f); // centre of the shape
        assertThat(out[0]).isEqualTo(1f); // paper
        assertThat(out[8 * w + 5]).isLessThan(0.5f); // left edge, inside
        assertThat(out[4 * w + 12]).isLessThan(0.5f); // top edge, inside
        for (float v : out) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void grayIsTheLumaClamped() {
        float[] gray = {0.2f, 1.3f, -0.1f, 0.5f, 0.7f, 0.9f};
        assertThat(new GrayscaleLineArt().extract(gray, 3, 2)).containsExactly(0.2f, 1f, 0f, 0.5f, 0.7f, 0.9f);
    }

    @Test
    void wrongShapeAndPairedModeAreClearErrors() {
        assertThatThrownBy(() -> new DilateMinusGray().extract(new float[10], 4, 3)).hasMessageContaining("4x3 image needs 12");
        assertThatThrownBy(() -> LineArtExtractor.of(LineArtMode.PAIRED, XDoGExtractor.defaults()))
                .hasMessageContaining("comes from the source");
        assertThat(LineArtMode.parse("dilate-minus-gray")).isEqualTo(LineArtMode.EXTRACTED);
        assertThatThrownBy(() -> LineArtMode.parse("crayon")).hasMessageContaining("use paired, extracted, xdog or gray");
    }
}
