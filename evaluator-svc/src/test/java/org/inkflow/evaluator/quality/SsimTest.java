package org.inkflow.evaluator.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SsimTest {

    private static final int H = 13;
    private static final int W = 17;

    @Test
    void identicalImagesHaveSsimOne() {
        float[] image = ImageMetricsTest.random(H * W * 3, 3, 0f, 1f);
        assertThat(Ssim.STANDARD.compute(image, image.clone(), H, W, 3)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void constantImagesGiveTheClosedForm() {
        // With no variance SSIM reduces to the luminance term (2ab + C1) / (a^2 + b^2 + C1).
        float a = 0.8f;
        float b = 0.5f;
        float[] x = filled(H * W * 3, a);
        float[] y = filled(H * W * 3, b);
        double c1 = 0.0001;
        double expected = (2.0 * a * b + c1) / ((double) a * a + (double) b * b + c1);
        assertThat(Ssim.STANDARD.compute(x, y, H, W, 3)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void shiftedImageMatchesAnIndependentDirectComputation() {
        int h = 14;
        int w = 19;
        float[] x = pattern(h, w, 0);
        float[] y = pattern(h, w, 2); // the same pattern shifted two pixels right
        double expected = DirectSsim.compute(x, y, h, w, 3, 11, 1.5);
        double actual = Ssim.STANDARD.compute(x, y, h, w, 3);
        assertThat(actual).isCloseTo(expected, within(1e-9));
        assertThat(actual).isLessThan(0.9).isGreaterThan(-1.0);
    }

    @Test
    void windowShrinksToFitSmallImagesAndStillMatchesTheReference() {
        int h = 6;
        int w = 9;
        assertThat(Ssim.STANDARD.effectiveWindow(h, w)).isEqualTo(5);
        float[] x = pattern(h, w, 0);
        float[] y = pattern(h, w, 1);
        assertThat(Ssim.STANDARD.compute(x, y, h, w, 3)).isCloseTo(DirectSsim.compute(x, y, h, w, 3, 5, 1.5), within(1e-9));
    }

    @Test
    void swappedAxesAreRejected() {
        assertThatThrownBy(() -> Ssim.STANDARD.compute(new float[H * W * 3], new float[H * W * 3 - 3], H, W, 3))
                .hasMessageContaining("13x17x3");
    }

    @Test
    void evenWindowIsRefused() {
        assertThatThrownBy(() -> new Ssim(10, 1.5)).hasMessageContaining("odd");
    }

    /** Diagonal stripes plus a gradient, per channel, shifted {@code dx} pixels to the right. */
    private static float[] pattern(int h, int w, int dx) {
        float[] out = new float[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = x - dx;
                for (int c = 0; c < 3; c++) {
                    double v = 0.5 + 0.35 * Math.sin((sx + 2 * y) * 0.9 + c) + 0.1 * ((double) sx / w);
                    out[(y * w + x) * 3 + c] = (float) Math.max(0, Math.min(1, v));
                }
            }
        }
        return out;
    }

    private static float[] filled(int n, float v) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
