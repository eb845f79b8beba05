package org.inkflow.inference.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

    /** A 6x10 drawing (non-square): white paper with {@code inkShare} of its pixels black ink. */
    private static float[] drawing(double inkShare, long seed) {
        Random random = new Random(seed);
        float[] gray = new float[6 * 10]; // [H=6, W=10]
        for (int i = 0; i < gray.length; i++) {
            gray[i] = random.nextDouble() < inkShare ? 0.05f : 0.97f;
        }
        return gray;
    }

    private static InputStatistics training(double inkShare) {
        float[] all = new float[0];
        for (int i = 0; i < 50; i++) {
            float[] d = drawing(inkShare, i);
            float[] joined = new float[all.length + d.length];
            System.arraycopy(all, 0, joined, 0, all.length);
            System.arraycopy(d, 0, joined, all.length, d.length);
            all = joined;
        }
        return InputStatistics.of(all, 0, all.length, 10);
    }

    @Test
    void psiIsZeroForTheSameHistogramAndMatchesTheFormula() {
        double[] ref = {0.1, 0.2, 0.3, 0.4};
        assertThat(PopulationStability.index(ref, ref)).isCloseTo(0, within(1e-12));
        double[] live = {0.4, 0.3, 0.2, 0.1};
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            expected += (live[i] - ref[i]) * Math.log(live[i] / ref[i]);
        }
        assertThat(PopulationStability.index(ref, live)).isCloseTo(expected, within(1e-9));
        // Counts and shares give the same index; order of arguments does not matter (it is symmetric).
        assertThat(PopulationStability.index(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}))
                .isCloseTo(expected, within(1e-9));
        assertThat(PopulationStability.index(live, ref)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void emptyBinsGiveAFiniteIndexAndMismatchedBinsFail() {
        assertThat(PopulationStability.index(new double[] {1, 0}, new double[] {0, 1})).isFinite().isGreaterThan(5);
        assertThatThrownBy(() -> PopulationStability.index(new double[3], new double[4]))
                .hasMessageContaining("3 and 4 bins");
    }

    @Test
    void statisticsOfAnImage() {
        float[] gray = {0f, 0.25f, 0.5f, 1f, 1f, 1f}; // [2, 3]
        InputStatistics s = InputStatistics.of(gray, 0, gray.length, 4);
        assertThat(s.mean()).isCloseTo(3.75 / 6, within(1e-9));
        assertThat(s.lineDensity()).isCloseTo(2.0 / 6, within(1e-9));
        assertThat(s.histogram()).containsExactly(1.0 / 6, 1.0 / 6, 1.0 / 6, 3.0 / 6);
        assertThat(InputStatistics.lineDensityOf(s.histogram())).isCloseTo(2.0 / 6, within(1e-9));
    }

    @Test
    void theScoreIsUndefinedUntilEnoughImagesThenSmallForLikeInputAndLargeForShiftedInput() {
        DriftMonitor monitor = new DriftMonitor(40, 5);
        monitor.reference(training(0.1));
        for (int i = 0; i < 4; i++) {
            monitor.observe(drawing(0.1, 100 + i), 0, 60);
        }
        assertThat(monitor.score()).isNaN();
        for (int i = 4; i < 40; i++) {
            monitor.observe(drawing(0.1, 100 + i), 0, 60);
        }
        double same = monitor.score();
        assertThat(same).isLessThan(0.05);

        // Forty photos-as-input: mostly dark. The window slides fully to them.
        for (int i = 0; i < 40; i++) {
            monitor.observe(drawing(0.8, 500 + i), 0, 60);
        }
        double shifted = monitor.score();
        assertThat(shifted).isGreaterThan(0.25).isGreaterThan(same * 10);
        DriftMonitor.DriftReport report = monitor.report();
        assertThat(report.images()).isEqualTo(40);
        assertThat(report.observed()).isEqualTo(80);
        assertThat(report.live().lineDensity()).isCloseTo(0.8, within(0.1));
        assertThat(report.training().lineDensity()).isCloseTo(0.1, within(0.05));
    }

    @Test
    void aReferenceWithOtherBinsRestartsTheWindowAndNoReferenceMeansNoScore() {
        DriftMonitor monitor = new DriftMonitor(10, 1);
        monitor.observe(drawing(0.1, 1), 0, 60);
        assertThat(monitor.score()).isNaN();
        monitor.reference(training(0.1)); // 10 bins instead of the default 32
        assertThat(monitor.report().images()).isZero();
        monitor.observe(drawing(0.1, 2), 20, 30); // a sub-range: the second image of a batch, say
        assertThat(monitor.score()).isFinite();
    }
}
