package org.inkflow.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunMemoryTest {

    private static final long FOUR_GIB = 4L << 30;

    @Test
    void theDefaultsFitEasilyAndTheEstimateGrowsWithEachFactor() {
        double base = RunMemory.estimateBytes(16, 16, 2, 64);
        assertThat(base).isBetween(10e6, 200e6);
        assertThat(RunMemory.estimateBytes(32, 16, 2, 64)).isGreaterThan(base * 1.9);
        assertThat(RunMemory.estimateBytes(16, 32, 2, 64)).isGreaterThan(base * 1.9);
        assertThat(RunMemory.estimateBytes(16, 16, 2, 128)).isGreaterThan(base * 3.5);
        assertThat(RunMemory.estimateBytes(16, 16, 3, 64)).isGreaterThan(base);
        RunMemory.check(Hyperparameters.defaults(), 128, FOUR_GIB, "limit");
    }

    @Test
    void aRunThatCannotFitIsRefusedNamingTheNumbers() {
        Hyperparameters huge = Hyperparameters.defaults().with(Map.of("width", 512, "batchSize", 256, "depth", 6));
        assertThatThrownBy(() -> RunMemory.check(huge, 1024, FOUR_GIB, "inkflow.trainer.max-run-memory-mb"))
                .isInstanceOf(InvalidHyperparameterException.class)
                .hasMessageContaining("batchSize 256, width 512 and depth 6 on 1024x1024 images")
                .hasMessageContaining("GiB of memory, more than the 4.0 GiB")
                .hasMessageContaining("inkflow.trainer.max-run-memory-mb");
        assertThat(RunMemory.estimateBytes(Integer.MAX_VALUE, 512, 6, 1 << 20)).isFinite().isPositive();
    }
}
