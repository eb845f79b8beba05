package org.inkflow.evaluator.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColorfulnessTest {

    @Test
    void grayImagesHaveNoColor() {
        float[] gray = new float[4 * 6 * 3];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (i / 3) % 5 / 5f; // channels equal per pixel
        }
        assertThat(Colorfulness.of(gray)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void pureRedByHand() {
        float[] red = new float[3 * 5 * 3];
        for (int i = 0; i < red.length; i += 3) {
            red[i] = 1f;
        }
        // rg = 255, yb = 127.5, no spread: 0.3 * sqrt(255^2 + 127.5^2)
        assertThat(Colorfulness.of(red)).isCloseTo(0.3 * Math.sqrt(255 * 255 + 127.5 * 127.5), within(1e-6));
    }

    @Test
    void halfRedHalfGreenByHand() {
        float[] image = new float[2 * 3 * 3];
        for (int p = 0; p < 6; p++) {
            image[p * 3 + (p % 2 == 0 ? 0 : 1)] = 1f;
        }
        // rg = +-255 (mean 0, sd 255), yb = 127.5 for both (mean 127.5, sd 0)
        assertThat(Colorfulness.of(image)).isCloseTo(255 + 0.3 * 127.5, within(1e-6));
    }

    @Test
    void summaryRatioAndTagsAggregate() {
        ScoreAccumulator acc = new ScoreAccumulator();
        acc.add(new SampleScore("a", List.of("cat", "red"), 0.1, 0.02, 17.0, 0.8, 30, 40));
        acc.add(new SampleScore("b", List.of("cat"), 0.3, 0.04, Double.POSITIVE_INFINITY, 0.6, 10, 40));
        ScoreSummary all = acc.summary();
        assertThat(all.count()).isEqualTo(2);
        assertThat(all.l1()).isCloseTo(0.2, within(1e-12));
        assertThat(all.psnr()).isCloseTo((17.0 + ImageMetrics.PSNR_CAP_DB) / 2, within(1e-12));
        assertThat(all.colorfulnessRatio()).isCloseTo(21.0 / 41.0, within(1e-12));
        assertThat(acc.byTag(10)).containsOnlyKeys("cat", "red");
        assertThat(acc.byTag(10).keySet()).first().isEqualTo("cat");
        assertThat(acc.byTag(10).get("red").l1()).isCloseTo(0.1, within(1e-12));
        assertThat(acc.byTag(1)).containsOnlyKeys("cat");
        assertThat(ScoreSummary.fromMap(all.toMap())).isEqualTo(all);
    }
}
