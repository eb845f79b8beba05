package org.inkflow.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class LearningRateRangeTest {

    /** Runs the test against a loss that is a function of the rate alone (no noise). */
    static LearningRateRange.Result run(LearningRateRange.Settings settings, DoubleUnaryOperator lossAtRate) {
        LearningRateRange range = new LearningRateRange(settings);
        while (range.running()) {
            range.record(lossAtRate.applyAsDouble(range.nextLearningRate()));
        }
        return range.result();
    }

    /**
     * A synthetic problem with a known good region: gradient descent on f(w) = w^2 / 2 from w = 1 for a fixed number
     * of steps converges for rates in (0, 2), fastest near 1, and blows up above 2; plus an irreducible 0.05, as
     * real losses have.
     */
    static double quadraticLossAfterTenSteps(double lr) {
        double w = 1;
        for (int i = 0; i < 10; i++) {
            w -= lr * w;
        }
        return w * w / 2 + 0.05;
    }

    @Test
    void theRampIsExponentialFromTheFirstRateToTheLast() {
        LearningRateRange.Settings s = new LearningRateRange.Settings(1e-4, 1, 41, 0.98, 4);
        assertThat(s.learningRateAt(0)).isCloseTo(1e-4, within(1e-12));
        assertThat(s.learningRateAt(10)).isCloseTo(1e-3, within(1e-9));
        assertThat(s.learningRateAt(40)).isCloseTo(1, within(1e-9));
        assertThat(s.learningRateAt(500)).as("clamped past the end").isCloseTo(1, within(1e-9));
    }

    @Test
    void findsTheGoodRegionOfAKnownProblemAndStopsOnDivergence() {
        LearningRateRange.Result result = run(new LearningRateRange.Settings(1e-3, 100, 200, 0.9, 4),
                LearningRateRangeTest::quadraticLossAfterTenSteps);

        assertThat(result.divergedAtLearningRate()).as("diverges where the steps overshoot, near lr 2").isNotNull()
                .isBetween(1.5, 3.0);
        assertThat(result.points().size()).as("stopped early, not at the end of the ramp").isLessThan(200);
        assertThat(result.suggestedLearningRate()).as("steepest descent lies inside the convergent range")
                .isNotNull().isBetween(0.01, 1.0);
        assertThat(result.minLossLearningRate()).as("the lowest smoothed loss is near lr 1 (the average lags)").isBetween(0.5, 2.0);
    }

    @Test
    void aNonFiniteLossEndsTheTestAtThatRate() {
        LearningRateRange.Settings s = new LearningRateRange.Settings(1e-5, 1, 60, 0.98, 4);
        LearningRateRange.Result result = run(s, lr -> lr > 0.01 ? Double.NaN : 1 - lr * 10);
        assertThat(result.divergedAtLearningRate()).isGreaterThan(0.01).isLessThan(0.02);
        assertThat(Double.isNaN(result.points().get(result.points().size() - 1).loss())).isTrue();
        assertThat(result.suggestedLearningRate()).isNotNull().isLessThanOrEqualTo(0.01);
    }

    @Test
    void noSuggestionWhenTheLossNeverFallsOrDivergesAtOnce() {
        LearningRateRange.Result flat = run(new LearningRateRange.Settings(1e-5, 1, 30, 0.5, 4), lr -> 0.7);
        assertThat(flat.suggestedLearningRate()).isNull();
        assertThat(flat.divergedAtLearningRate()).isNull();
        assertThat(flat.note()).contains("never fell");

        LearningRateRange.Result early = run(new LearningRateRange.Settings(1e-5, 1, 30, 0.5, 4),
                lr -> lr > 2e-5 ? Double.POSITIVE_INFINITY : 1);
        assertThat(early.suggestedLearningRate()).isNull();
        assertThat(early.note()).contains("usable steps");
    }

    @Test
    void refusesRangesThatCannotRun() {
        assertThatThrownBy(() -> new LearningRateRange.Settings(0, 1, 100, 0.98, 4)).hasMessageContaining("minLearningRate");
        assertThatThrownBy(() -> new LearningRateRange.Settings(1, 0.5, 100, 0.98, 4)).hasMessageContaining("maxLearningRate");
        assertThatThrownBy(() -> new LearningRateRange.Settings(1e-5, 1, 5, 0.98, 4)).hasMessageContaining("10 to 10000");
        assertThatThrownBy(() -> new LearningRateRange.Settings(1e-5, 1, 100, 1, 4)).hasMessageContaining("smoothing");
        assertThatThrownBy(() -> new LearningRateRange.Settings(1e-5, 1, 100, 0.9, 1)).hasMessageContaining("divergeFactor");
        LearningRateRange ended = new LearningRateRange(new LearningRateRange.Settings(1e-5, 1, 10, 0.5, 4));
        ended.record(Double.NaN);
        assertThatThrownBy(() -> ended.record(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void thePlotShowsBothCurvesAndBothMarkers() {
        LearningRateRange.Result result = run(new LearningRateRange.Settings(1e-3, 100, 200, 0.9, 4),
                LearningRateRangeTest::quadraticLossAfterTenSteps);
        BufferedImage plot = LearningRateRangePlot.render(result, 480, 300);
        assertThat(plot.getWidth()).isEqualTo(480);
        assertThat(plot.getHeight()).isEqualTo(300);
        assertThat(count(plot, LearningRateRangePlot.SMOOTHED)).as("smoothed curve pixels").isGreaterThan(100);
        assertThat(count(plot, LearningRateRangePlot.SUGGESTED)).as("suggestion marker").isGreaterThan(20);
        assertThat(count(plot, LearningRateRangePlot.DIVERGED)).as("divergence marker").isGreaterThan(20);
        assertThatThrownBy(() -> LearningRateRangePlot.render(result, 60, 40)).hasMessageContaining("no room");
    }

    private static int count(BufferedImage image, java.awt.Color color) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }
}
