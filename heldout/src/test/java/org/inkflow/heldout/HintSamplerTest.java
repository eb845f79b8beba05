package org.inkflow.heldout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class HintSamplerTest {

    /** 12x12: columns 0-3 blue fill, column 4 a black line (ink), the rest white background. */
    private static HeldoutPair bluePair() {
        int size = 12;
        float[] line = new float[size * size];
        float[] rgb = new float[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                line[i] = x == 4 ? 0f : 1f;
                float[] c = x < 4 ? new float[] {0.2f, 0.4f, 0.8f} : x == 4 ? new float[] {0, 0, 0} : new float[] {1, 1, 1};
                System.arraycopy(c, 0, rgb, 3 * i, 3);
            }
        }
        return new HeldoutPair("blue", size, line, rgb);
    }

    @Test
    void hintsAreOpaqueDotsOfTheTargetsFillColourAndTransparentElsewhere() {
        BufferedImage hints = new HintSampler(3, 0).sample(bluePair(), 7);
        int opaque = 0;
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 12; x++) {
                int argb = hints.getRGB(x, y);
                if ((argb >>> 24) == 0) {
                    continue;
                }
                opaque++;
                assertThat(argb >>> 24).isEqualTo(255);
                assertThat(x).as("hint on the fill, not on the line or the background").isLessThan(4);
                assertThat(argb & 0xffffff).isEqualTo((51 << 16) | (102 << 8) | 204);
            }
        }
        assertThat(opaque).isEqualTo(3);
    }

    @Test
    void theSameSeedGivesTheSameHintsAndDotsHaveTheirRadius() {
        HintSampler sampler = new HintSampler(2, 1);
        BufferedImage a = sampler.sample(bluePair(), 42);
        BufferedImage b = sampler.sample(bluePair(), 42);
        int opaque = 0;
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 12; x++) {
                assertThat(a.getRGB(x, y)).isEqualTo(b.getRGB(x, y));
                opaque += (a.getRGB(x, y) >>> 24) == 255 ? 1 : 0;
            }
        }
        assertThat(opaque).isBetween(4, 18); // two 3x3 dots, clipped at the border, possibly overlapping
        assertThat(a.getWidth()).isEqualTo(12);
        assertThat(a.getHeight()).isEqualTo(12);
    }

    @Test
    void aTargetWithoutFillsGetsNoHints() {
        HeldoutPair white = new HeldoutPair("white", 8, filled(64, 1f), filled(64 * 3, 1f));
        BufferedImage hints = new HintSampler(5, 1).sample(white, 1);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(hints.getRGB(x, y) >>> 24).isZero();
            }
        }
        assertThatThrownBy(() -> new HintSampler(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
