package org.inkflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HueRotationTest {

    /** A 2x3 image [H=2, W=3, 3]: white, gray, black ink; red, a light blue, an orange. */
    private static float[] image() {
        return new float[] {
            1f, 1f, 1f, 0.5f, 0.5f, 0.5f, 0f, 0f, 0f,
            1f, 0f, 0f, 0.6f, 0.8f, 1f, 1f, 0.5f, 0.2f};
    }

    @Test
    void grayWhiteAndBlackStayExactlyAsTheyAre() {
        float[] rgb = image();
        HueRotation.rotate(rgb, 0, 6, 73);
        for (int i = 0; i < 9; i++) {
            assertThat(rgb[i]).isEqualTo(image()[i]);
        }
    }

    @Test
    void redTurnsToTheExpectedHueKeepingSaturationAndValue() {
        float[] rgb = image();
        HueRotation.rotate(rgb, 0, 6, 120);
        assertThat(new float[] {rgb[9], rgb[10], rgb[11]}).containsExactly(new float[] {0f, 1f, 0f}, within(1e-6f));
        rgb = image();
        HueRotation.rotate(rgb, 0, 6, -120);
        assertThat(new float[] {rgb[9], rgb[10], rgb[11]}).containsExactly(new float[] {0f, 0f, 1f}, within(1e-6f));
        rgb = image();
        HueRotation.rotate(rgb, 0, 6, 30); // red (0 degrees) to orange (30 degrees): R 1, G 0.5, B 0
        assertThat(new float[] {rgb[9], rgb[10], rgb[11]}).containsExactly(new float[] {1f, 0.5f, 0f}, within(1e-6f));
        // Every coloured pixel keeps its max and min channel (HSV value and chroma).
        float[] before = image();
        for (int p = 3; p < 6; p++) {
            assertThat(max(rgb, p)).isCloseTo(max(before, p), within(1e-6f));
            assertThat(min(rgb, p)).isCloseTo(min(before, p), within(1e-6f));
        }
    }

    @Test
    void aFullTurnAndATurnBackGiveTheImageAgain() {
        float[] rgb = image();
        HueRotation.rotate(rgb, 0, 6, 360);
        assertThat(rgb).containsExactly(image());
        HueRotation.rotate(rgb, 0, 6, 47.5);
        HueRotation.rotate(rgb, 0, 6, -47.5);
        assertThat(rgb).containsExactly(image(), within(1e-6f));
    }

    @Test
    void rotatesOnlyTheGivenPixels() {
        float[] rgb = image();
        HueRotation.rotate(rgb, 9, 1, 120); // only the red pixel
        assertThat(new float[] {rgb[12], rgb[13], rgb[14]}).containsExactly(0.6f, 0.8f, 1f);
        assertThat(rgb[10]).isEqualTo(1f);
        assertThatThrownBy(() -> HueRotation.rotate(image(), 3, 6, 10)).hasMessageContaining("do not fit");
    }

    private static float max(float[] rgb, int p) {
        return Math.max(rgb[3 * p], Math.max(rgb[3 * p + 1], rgb[3 * p + 2]));
    }

    private static float min(float[] rgb, int p) {
        return Math.min(rgb[3 * p], Math.min(rgb[3 * p + 1], rgb[3 * p + 2]));
    }
}
