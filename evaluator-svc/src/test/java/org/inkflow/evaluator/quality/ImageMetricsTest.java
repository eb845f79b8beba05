package org.inkflow.evaluator.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {

    // 5 rows x 7 columns x 3 channels: non-square so swapped axes would show.
    private static final int H = 5;
    private static final int W = 7;

    @Test
    void constantOffsetGivesTheHandComputedPsnr() {
        float[] target = random(H * W * 3, 1, 0.1f, 0.8f);
        float[] prediction = target.clone();
        for (int i = 0; i < prediction.length; i++) {
            prediction[i] += 0.1f;
        }
        double mse = ImageMetrics.mse(prediction, target);
        assertThat(mse).isCloseTo(0.01, within(1e-7));
        // 10 log10(1 / 0.1^2) = 20 dB
        assertThat(ImageMetrics.psnr(mse)).isCloseTo(20.0, within(1e-4));
        assertThat(ImageMetrics.l1(prediction, target)).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void halfThePixelsOffByAQuarter() {
        float[] target = new float[H * W * 3];
        float[] prediction = new float[target.length];
        int changed = 0;
        for (int i = 0; i < target.length; i += 2) {
            prediction[i] = 0.25f;
            changed++;
        }
        double mse = ImageMetrics.mse(prediction, target);
        assertThat(mse).isCloseTo(changed * 0.0625 / target.length, within(1e-12));
        assertThat(ImageMetrics.psnr(mse)).isCloseTo(10 * Math.log10(1 / mse), within(1e-9));
    }

    @Test
    void identicalImagesHaveInfinitePsnrAndTheAverageUsesTheCap() {
        float[] image = random(H * W * 3, 2, 0f, 1f);
        double mse = ImageMetrics.mse(image, image.clone());
        assertThat(mse).isZero();
        assertThat(ImageMetrics.psnr(mse)).isInfinite().isPositive();
        assertThat(ImageMetrics.cappedPsnr(mse)).isEqualTo(ImageMetrics.PSNR_CAP_DB);
        assertThat(ImageMetrics.l1(image, image)).isZero();
    }

    @Test
    void nanPredictionGivesNanScores() {
        float[] target = new float[H * W * 3];
        float[] prediction = new float[target.length];
        prediction[3] = Float.NaN;
        assertThat(ImageMetrics.mse(prediction, target)).isNaN();
        assertThat(ImageMetrics.psnr(Double.NaN)).isNaN();
    }

    @Test
    void shapesMustAgree() {
        assertThatThrownBy(() -> ImageMetrics.l1(new float[6], new float[5]))
                .hasMessageContaining("prediction has 6 values and target 5");
    }

    static float[] random(int n, long seed, float lo, float hi) {
        Random r = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = lo + r.nextFloat() * (hi - lo);
        }
        return out;
    }
}
