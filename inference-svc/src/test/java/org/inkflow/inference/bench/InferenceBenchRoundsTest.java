package org.inkflow.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the bench folds rounds into one figure: medians, each round's value beside it, the settings' order. */
class InferenceBenchRoundsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertThat(InferenceBench.median(new double[] {0.98, 0.91, 1.20})).isEqualTo(0.98);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(InferenceBench.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void aRoundThatLacksTheScenarioDoesNotCount() {
        assertThat(InferenceBench.median(new double[] {Double.NaN, 2, 6})).isEqualTo(4);
        assertThat(InferenceBench.median(new double[] {Double.NaN})).isNaN();
    }

    @Test
    void showPrintsTheMedianThenEachRoundInItsOrder() {
        assertThat(InferenceBench.show(new double[] {0.91, 1.2, 0.98}, "%.2f")).isEqualTo("0.98 [0.91, 1.20, 0.98]");
        assertThat(InferenceBench.show(new double[] {0.91}, "%.2f")).isEqualTo("0.91");
    }

    @Test
    void everySecondRoundRunsTheSettingsInReverse() {
        int[] settings = {16, 4, 1};
        assertThat(InferenceBench.roundOrder(settings, 0)).containsExactly(16, 4, 1);
        assertThat(InferenceBench.roundOrder(settings, 1)).containsExactly(1, 4, 16);
        assertThat(InferenceBench.roundOrder(settings, 2)).containsExactly(16, 4, 1);
        assertThat(settings).containsExactly(16, 4, 1);
    }
}
