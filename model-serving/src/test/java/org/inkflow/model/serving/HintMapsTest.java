package org.inkflow.model.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sampling color hints from a target, and the checks on a given hint map; small non-square images. */
class HintMapsTest {

    private static final int H = 24;
    private static final int W = 40;

    /** A target whose every pixel has its own color, so a hint's color tells which pixel it came from. */
    private static float[] target(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] color = new float[H * W * 3];
        for (int i = 0; i < color.length; i++) {
            color[i] = (float) r.nextDouble();
        }
        return color;
    }

    @Test
    void theSameSeedGivesTheSameHintsAndAnotherSeedOthers() {
        float[] color = target(1);
        HintMaps.Sampling always = HintMaps.Sampling.training().always();
        float[] a = HintMaps.sample(color, H, W, new SplittableRandom(7), always);
        float[] b = HintMaps.sample(color, H, W, new SplittableRandom(7), always);
        float[] c = HintMaps.sample(color, H, W, new SplittableRandom(8), always);
        assertThat(a).hasSize(H * W * 4).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void hintsTakeTheTargetsColorWhereTheMaskIsAndNothingElsewhere() {
        float[] color = target(2);
        for (long seed = 0; seed < 50; seed++) {
            float[] hints = HintMaps.sample(color, H, W, new SplittableRandom(seed), HintMaps.Sampling.training().always());
            int marked = 0;
            for (int p = 0; p < H * W; p++) {
                float mask = hints[p * 4 + 3];
                assertThat(mask).isIn(0f, 1f);
                for (int c = 0; c < 3; c++) {
                    assertThat(hints[p * 4 + c]).isEqualTo(mask == 1f ? color[p * 3 + c] : 0f);
                }
                marked += (int) mask;
            }
            // At least one stroke, and strokes are sparse: far from covering the picture.
            assertThat(marked).isBetween(1, H * W * 3 / 4);
        }
    }

    @Test
    void aboutTheNoneFractionOfSamplesGetNoHintAtAll() {
        float[] color = target(3);
        int none = 0;
        int samples = 400;
        for (int i = 0; i < samples; i++) {
            ImageBatch one = new ImageBatch(1, H, W, 4,
                    HintMaps.sample(color, H, W, new SplittableRandom(HintMaps.mix(5, i)), HintMaps.Sampling.training()));
            none += HintMaps.empty(one) ? 1 : 0;
        }
        assertThat(none).isBetween(90, 150);
        float[] never = HintMaps.sample(color, H, W, new SplittableRandom(1), new HintMaps.Sampling(1.0, 4, 4, 1));
        assertThat(HintMaps.empty(new ImageBatch(1, H, W, 4, never))).isTrue();
    }

    @Test
    void aBatchSamplesEachImageFromItsOwnTarget() {
        float[] first = target(4);
        float[] second = target(5);
        float[] both = new float[2 * H * W * 3];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        ImageBatch hints = HintMaps.sample(new ImageBatch(2, H, W, 3, both), 9, HintMaps.Sampling.training().always());
        assertThat(hints.shape()).containsExactly(2, H, W, 4);
        float[] h1 = hints.image(1);
        for (int p = 0; p < H * W; p++) {
            if (h1[p * 4 + 3] == 1f) {
                assertThat(h1[p * 4]).isEqualTo(second[p * 3]);
            }
        }
        assertThat(hints).isEqualTo(HintMaps.sample(new ImageBatch(2, H, W, 3, both), 9,
                HintMaps.Sampling.training().always()));
    }

    @Test
    void givenHintsMustMatchTheLineArtAndHoldValuesInZeroOne() {
        ImageBatch lineArt = ImageBatch.zeros(2, H, W, 1);
        HintMaps.check(lineArt, ImageBatch.zeros(2, H, W, 4));
        assertThatThrownBy(() -> HintMaps.check(lineArt, ImageBatch.zeros(2, H, W, 3)))
                .hasMessageContaining("4 channels").hasMessageContaining("got 3");
        assertThatThrownBy(() -> HintMaps.check(lineArt, ImageBatch.zeros(2, W, H, 4)))
                .hasMessageContaining("line art's N, H and W").hasMessageContaining("[2,24,40,4]");
        assertThatThrownBy(() -> HintMaps.check(lineArt, ImageBatch.zeros(1, H, W, 4)))
                .hasMessageContaining("line art's N, H and W");
        ImageBatch bad = ImageBatch.zeros(2, H, W, 4);
        bad.data()[5] = 1.5f;
        assertThatThrownBy(() -> HintMaps.check(lineArt, bad)).hasMessageContaining("[0,1]");
        bad.data()[5] = Float.NaN;
        assertThatThrownBy(() -> HintMaps.check(lineArt, bad)).hasMessageContaining("[0,1]");
    }
}
