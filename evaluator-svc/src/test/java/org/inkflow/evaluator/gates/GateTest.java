package org.inkflow.evaluator.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.inkflow.common.events.ModelEvaluation.GateCheck;
import org.inkflow.evaluator.gates.Gate.ProductionScores;
import org.inkflow.evaluator.quality.ScoreSummary;
import org.junit.jupiter.api.Test;

class GateTest {

    private static final GatePolicy POLICY = GatePolicy.fromIds(
            Map.of("psnr", 12.0), Map.of("l1", 0.2),
            Map.of("l1", 0.01, "psnr", 0.5),
            Map.of("l1", 0.002, "ssim", 0.01));

    private static ScoreSummary summary(double l1, double psnr, double ssim) {
        return new ScoreSummary(10, l1, l1 * l1, psnr, ssim, 30, 40);
    }

    private static final Map<String, ScoreSummary> BASELINES = Map.of(
            "line-copy", summary(0.10, 14.0, 0.85),
            "mean-color", summary(0.30, 9.0, 0.10));

    @Test
    void goodCandidatePassesEveryCheck() {
        List<GateCheck> checks = new Gate(POLICY).check(summary(0.07, 16.0, 0.86), BASELINES,
                ProductionScores.scored("v1", summary(0.071, 15.9, 0.86)));
        assertThat(checks).allMatch(GateCheck::passed);
        assertThat(Gate.blessed(checks)).isTrue();
        // finite + 1 minimum + 1 maximum + 2 baselines x 2 metrics + 2 production tolerances
        assertThat(checks).hasSize(1 + 1 + 1 + 4 + 2);
    }

    @Test
    void worseThanLineCopySaysWhichCheckFailed() {
        List<GateCheck> checks = new Gate(POLICY).check(summary(0.095, 14.2, 0.8), BASELINES, null);
        assertThat(Gate.blessed(checks)).isFalse();
        List<GateCheck> failed = checks.stream().filter(c -> !c.passed()).toList();
        assertThat(failed).extracting(GateCheck::name, GateCheck::metric)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("beats-baseline:line-copy", "l1"),
                        org.assertj.core.groups.Tuple.tuple("beats-baseline:line-copy", "psnr"));
        GateCheck l1 = failed.stream().filter(c -> c.metric().equals("l1")).findFirst().orElseThrow();
        // lower is better: threshold = baseline - margin
        assertThat(l1.threshold()).isCloseTo(0.09, within(1e-12));
        assertThat(l1.value()).isEqualTo(0.095);
        assertThat(l1.detail()).contains("line-copy 0.1000").contains("margin 0.0100").contains("<=");
    }

    @Test
    void productionToleranceIsAppliedInTheMetricsDirection() {
        // l1 0.0735 is worse than production's 0.071 by 0.0025 > 0.002; ssim within 0.01
        List<GateCheck> checks = new Gate(POLICY).check(summary(0.0735, 16.0, 0.851), BASELINES,
                ProductionScores.scored("v1", summary(0.071, 16.0, 0.86)));
        List<GateCheck> failed = checks.stream().filter(c -> !c.passed()).toList();
        assertThat(failed).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("vs-production:v1");
            assertThat(c.metric()).isEqualTo("l1");
            assertThat(c.threshold()).isCloseTo(0.073, within(1e-12));
        });
        GateCheck ssim = checks.stream().filter(c -> c.metric().equals("ssim")).findFirst().orElseThrow();
        assertThat(ssim.threshold()).isCloseTo(0.85, within(1e-12));
        assertThat(ssim.passed()).isTrue();
    }

    @Test
    void absoluteThresholds() {
        List<GateCheck> checks = new Gate(POLICY).check(summary(0.25, 11.0, 0.9), Map.of(), null);
        assertThat(checks.stream().filter(c -> c.name().equals("absolute") && !c.passed()))
                .extracting(GateCheck::metric).containsExactlyInAnyOrder("psnr", "l1");
    }

    @Test
    void nanScoresFailTheFiniteCheckAndEveryComparison() {
        List<GateCheck> checks = new Gate(POLICY).check(summary(Double.NaN, Double.NaN, 0.9), BASELINES, null);
        GateCheck finite = checks.get(0);
        assertThat(finite.name()).isEqualTo("finite");
        assertThat(finite.passed()).isFalse();
        assertThat(finite.detail()).contains("l1").contains("psnr");
        assertThat(Gate.blessed(checks)).isFalse();
    }

    @Test
    void unavailableProductionFailsWithTheReason() {
        List<GateCheck> checks = new Gate(POLICY).check(summary(0.07, 16.0, 0.86), BASELINES,
                ProductionScores.unavailable("v1", "no SavedModel at models/c/v1/"));
        assertThat(checks.stream().filter(c -> !c.passed())).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("no SavedModel"));
    }

    @Test
    void noChecksIsNotABlessing() {
        assertThat(Gate.blessed(List.of())).isFalse();
    }

    @Test
    void unknownMetricOrNegativeMarginIsAConfigurationError() {
        assertThatThrownBy(() -> GatePolicy.fromIds(Map.of("psnrr", 1.0), Map.of(), Map.of(), Map.of()))
                .hasMessageContaining("unknown metric 'psnrr'").hasMessageContaining("inkflow.evaluator.gates.minimum");
        assertThatThrownBy(() -> GatePolicy.fromIds(Map.of(), Map.of(), Map.of("l1", -0.1), Map.of()))
                .hasMessageContaining("must be >= 0");
    }
}
