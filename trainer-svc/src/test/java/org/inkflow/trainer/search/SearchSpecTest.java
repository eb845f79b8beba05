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
