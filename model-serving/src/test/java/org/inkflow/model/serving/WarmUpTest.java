package org.inkflow.model.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    /** Answers gray for every pixel: [n,h,w,1] in, [n,h,w,3] out. */
    private static float[] gray(int n, int height, int width, float[] lineArt) {
        float[] rgb = new float[n * height * width * 3];
        java.util.Arrays.fill(rgb, 0.5f);
        return rgb;
    }

    @Test
    void runsEachBatchSizeOnADrawingOfTheModelsSize() {
        List<int[]> calls = new ArrayList<>();
        new WarmUp(1, 3).check("model colorizer 1", 30, 4, (n, h, w, lineArt) -> {
            calls.add(new int[] {n, h, w, lineArt.length});
            return gray(n, h, w, lineArt);
        });
        // 30 rounded down to a multiple of 4
        assertThat(calls).containsExactly(new int[] {1, 28, 28, 28 * 28}, new int[] {3, 28, 28, 3 * 28 * 28});
    }

    @Test
    void aSizeBelowTheMultipleStillGetsOneMultiple() {
        List<Integer> sides = new ArrayList<>();
        new WarmUp(1).check("m", 2, 8, (n, h, w, x) -> {
            sides.add(h);
            return gray(n, h, w, x);
        });
        assertThat(sides).containsExactly(8);
    }

    @Test
    void refusesAWrongShapeAndValuesOutsideTheUnitRange() {
        WarmUp warmUp = new WarmUp(2);
        assertThatThrownBy(() -> warmUp.check("model colorizer 2", 8, 4, (n, h, w, x) -> new float[n * h * w]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("model colorizer 2 answered 128 values for [2,8,8,1]; expected [2,8,8,3] = 384");
        assertThatThrownBy(() -> warmUp.check("model colorizer 3", 8, 4, (n, h, w, x) -> {
            float[] rgb = gray(n, h, w, x);
            rgb[7] = Float.NaN;
            return rgb;
        })).hasMessage("model colorizer 3 answered NaN on the warm-up drawing; outputs must be RGB in [0,1]");
        assertThatThrownBy(() -> warmUp.check("m", 8, 4, (n, h, w, x) -> null)).hasMessageContaining("answered nothing");
    }

    @Test
    void theDrawingIsInkOnPaperInTheUnitRange() {
        float[] d = WarmUp.drawing(24, 16); // [16, 24], non-square
        assertThat(d).hasSize(16 * 24);
        int ink = 0;
        for (float v : d) {
            assertThat(v).isIn(0f, 1f);
            ink += v == 0f ? 1 : 0;
        }
        assertThat(ink).isBetween(1, d.length / 2);
    }
}
