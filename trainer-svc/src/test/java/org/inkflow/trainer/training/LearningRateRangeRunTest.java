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

        LearningRateRange.Result result = new LearningRateRangeRun("lr", h, DATA.trainingData(), settings, () -> false)
                .run(new LearningRateRange.Settings(1e-5, 100, 120, 0.9, 4));

        assertThat(result.divergedAtLearningRate()).as("Adam at lr 100 diverges").isNotNull();
        assertThat(result.points()).as("stopped at the divergence").hasSizeLessThan(120);
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
