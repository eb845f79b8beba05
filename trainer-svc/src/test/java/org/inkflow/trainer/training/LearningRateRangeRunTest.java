package org.inkflow.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The range test on the real graph: synthetic shapes, 16x24 (non-square), a small U-Net on the CPU. */
class LearningRateRangeRunTest {

    @TempDir
    Path tmp;

    private static final ShapesData DATA = new ShapesData(1, 24, 8, 16, 24);

    @Test
    void findsARateThatTrainsAndStopsWhereTheLossDiverges() {
        Hyperparameters h = Hyperparameters.parse(Map.of("width", 8, "batchSize", 8, "learningRate", 0.005,
                "steps", 60, "validateEvery", 20, "checkpointEvery", 20, "logEvery", 5, "seed", 3));
        TrainingLoop.Settings settings = new TrainingLoop.Settings(2, 1, 4, 1000, 2, tmp.resolve("work"));

        // A ramp to 1e6 over 300 steps (10x every 23 steps): slow enough through the good region that the model learns
        // there (the lowest loss falls well below the start), so where the rates get too high the loss climbs back
        // above its start, and at the far end the weights overflow. Up to lr 100 over 120 steps was too short and
        // too low to be sure of either: the L1 loss is bounded, and on one machine a saturated, mostly white output
        // kept it below the start all the way to lr 100 (smoothed 0.19 at best, 0.24 at lr 100, start 0.29).
        LearningRateRange.Result result = new LearningRateRangeRun("lr", h, DATA.trainingData(), settings, () -> false)
                .run(new LearningRateRange.Settings(1e-5, 1e6, 300, 0.9, 4));

        assertThat(result.divergedAtLearningRate()).as("Adam diverges before lr 1e6").isNotNull();
        assertThat(result.points()).as("stopped at the divergence").hasSizeLessThan(300);
        assertThat(result.suggestedLearningRate()).as("a suggestion well below the divergence").isNotNull()
                .isLessThan(result.divergedAtLearningRate() / 3);

        // The suggestion trains: a short run at it ends below the line-copy baseline's loss more than one at 1e-5.
        double atSuggestion = finalLoss(h, result.suggestedLearningRate(), settings);
        double tooLow = finalLoss(h, 1e-5, settings);
        assertThat(atSuggestion).isLessThan(tooLow);
    }

    private double finalLoss(Hyperparameters base, double lr, TrainingLoop.Settings settings) {
        Hyperparameters h = Hyperparameters.parse(Map.of("width", 8, "batchSize", 8, "learningRate", lr,
                "steps", 60, "validateEvery", 60, "checkpointEvery", 60, "logEvery", 5, "seed", 3));
        MemoryRecorder recorder = new MemoryRecorder(tmp.resolve("r-" + lr));
        new TrainingLoop("check", h, DATA.trainingData(), settings, recorder, () -> false).run(Optional.empty());
        return recorder.validations.get(recorder.validations.size() - 1).validationLoss();
    }
}
