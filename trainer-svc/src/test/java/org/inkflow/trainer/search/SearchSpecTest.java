package org.inkflow.trainer.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.inkflow.trainer.training.Hyperparameters;
import org.junit.jupiter.api.Test;

class SearchSpecTest {

    @Test
    void gridWalksTheProductUpToTheBudget() {
        SearchSpec s = SearchSpec.parse(Map.of("strategy", "grid", "trials", 3,
                "space", Map.of("learningRate", List.of(0.001, 0.01), "width", List.of(8, 16))));
        List<Map<String, Object>> plan = s.plan(Hyperparameters.defaults());
        assertThat(plan).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void gridWalksInProductOrderWithTheLastParameterFastest() {
        Map<String, Object> space = new java.util.LinkedHashMap<>();
        space.put("learningRate", List.of(0.001, 0.01));
        space.put("width", List.of(8, 16, 32));
        List<Map<String, Object>> plan = SearchSpec.parse(Map.of("strategy", "grid", "trials", 100, "space", space))
                .plan(Hyperparameters.defaults());
        assertThat(plan).containsExactly(
                Map.of("learningRate", 0.001, "width", 8), Map.of("learningRate", 0.001, "width", 16),
                Map.of("learningRate", 0.001, "width", 32), Map.of("learningRate", 0.01, "width", 8),
                Map.of("learningRate", 0.01, "width", 16), Map.of("learningRate", 0.01, "width", 32));
    }

    /** Issue 17: 7 parameters × 30 values with {@code trials: 1} built 21,870,000,000 maps before the trial cap. */
    @Test
    void aGridBombIsRefusedNamingItsSizeWithoutBuildingIt() {
        Map<String, Object> space = new java.util.LinkedHashMap<>();
        for (String name : List.of("learningRate", "beta1", "beta2", "l2", "dropout", "clipNorm", "leakyReluAlpha")) {
            List<Double> values = new java.util.ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                values.add(i / 100.0);
            }
            space.put(name, values);
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> SearchSpec.parse(Map.of("strategy", "grid", "trials", 1, "space", space))
                .plan(Hyperparameters.defaults()))
                .hasMessageContaining("21870000000 combinations")
                .hasMessageContaining("7 parameters with 30 × 30 × 30 × 30 × 30 × 30 × 30 values")
                .hasMessageContaining("at most " + SearchSpec.MAX_GRID_COMBINATIONS);
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }

    @Test
    void randomDrawsFromListsAndRangesReproducibly() {
        Map<String, Object> spec = Map.of("strategy", "random", "trials", 4, "seed", 5, "space", Map.of(
                "learningRate", Map.of("min", 1e-4, "max", 1e-2, "log", true), "width", List.of(8, 16)));
        List<Map<String, Object>> a = SearchSpec.parse(spec).plan(Hyperparameters.defaults());
        assertThat(a).hasSize(4).isEqualTo(SearchSpec.parse(spec).plan(Hyperparameters.defaults()));
        a.forEach(t -> assertThat((Double) t.get("learningRate")).isBetween(1e-4, 1e-2));
    }

    @Test
    void badSearchesAreRejected() {
        assertThatThrownBy(() -> SearchSpec.parse(Map.of("strategy", "bayes", "space", Map.of("l2", List.of(0)))))
                .hasMessageContaining("'grid' or 'random'");
        assertThatThrownBy(() -> SearchSpec.parse(Map.of("trials", 0, "space", Map.of("l2", List.of(0)))))
                .hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> SearchSpec.parse(Map.of("space", Map.of("lr", List.of(0.1)))))
                .hasMessageContaining("unknown hyperparameter 'lr'");
        assertThatThrownBy(() -> SearchSpec.parse(Map.of("strategy", "grid", "space", Map.of("l2", Map.of("min", 0, "max", 1)))))
                .hasMessageContaining("grid search needs value lists");
        assertThatThrownBy(() -> SearchSpec.parse(Map.of("space", Map.of("dropout", List.of(2.0))))
                .plan(Hyperparameters.defaults())).hasMessageContaining("'dropout'");
    }
}
