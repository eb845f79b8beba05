package org.inkflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.inkflow.common.image.ImageArrays;
import org.junit.jupiter.api.Test;

class ColorfulnessTest {

    @Test
    void grayIsZeroAndColorIsMore() {
        float[] gray = new float[7 * 3 * 3];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (i / 3) % 2 == 0 ? 0.1f : 0.9f;
        }
        float[] color = new float[7 * 3 * 3];
        for (int p = 0; p < 21; p++) {
            color[3 * p + (p % 3)] = 1f; // red, green, blue pixels
        }
        assertThat(Colorfulness.of(ImageArrays.encodePng(ImageArrays.fromRgb(gray, 7, 3)))).isLessThan(0.5);
        assertThat(Colorfulness.of(ImageArrays.encodePng(ImageArrays.fromRgb(color, 7, 3)))).isGreaterThan(100);
    }
}
