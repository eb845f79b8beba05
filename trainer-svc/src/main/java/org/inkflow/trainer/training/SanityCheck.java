package org.inkflow.trainer.training;

import java.util.List;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.training.InputNormalization;
import org.inkflow.model.training.TrainingGraph;
import org.inkflow.trainer.data.DecodedSample;

/**
 * The "overfit one small batch first" check: a fresh model trains {@code sanitySteps} steps on
 * {@code sanityBatchSize} training samples (no augmentation, no dropout schedule tricks) and must bring the loss
 * down by 90%; if it cannot, the setup is broken (learning rate 0, a wiring error, unlearnable data) and the run
 * fails before spending its budget.
 */
public final class SanityCheck {

    /** The check's result: loss before and after, the steps it took. */
    public record Result(double initialLoss, double finalLoss, int steps, boolean passed) {
    }

    public static final double REQUIRED_DROP = 0.9;

    private SanityCheck() {
    }

    public static Result run(Hyperparameters h, InputNormalization normalization, float[] meanColor,
                             List<DecodedSample> samples, int threads) {
        List<DecodedSample> batch = samples.subList(0, Math.min(h.sanityBatchSize(), samples.size()));
        ImageBatch[] xy = TrainingLoop.stack(batch);
        try (TrainingGraph graph = new TrainingGraph(h.graphOptions(normalization, meanColor, threads))) {
            double initial = graph.loss(xy[0], xy[1]);
            double loss = initial;
            for (int step = 0; step < h.sanitySteps(); step++) {
                graph.step(xy[0], xy[1], (float) h.learningRate(), step, false);
                if (step % 10 == 9 || step == h.sanitySteps() - 1) {
                    loss = graph.loss(xy[0], xy[1]);
                    if (loss <= initial * (1 - REQUIRED_DROP)) {
                        return new Result(initial, loss, step + 1, true);
                    }
                }
            }
            return new Result(initial, loss, h.sanitySteps(), false);
        }
    }

    /** Throws with a message that says what to check when the result failed. */
    public static void require(Result r, Hyperparameters h) {
        if (!r.passed()) {
            throw new TrainingFailedException(String.format(java.util.Locale.ROOT,
                    "sanity check failed: overfitting %d samples for %d steps took the loss from %.5f to %.5f, a %.1f%%"
                            + " drop where %.0f%% is required; check 'learningRate' (%s), the model size and the data,"
                            + " or raise 'sanitySteps'", h.sanityBatchSize(), r.steps(), r.initialLoss(), r.finalLoss(),
                    100 * (1 - r.finalLoss() / r.initialLoss()), 100 * REQUIRED_DROP, h.learningRate()));
        }
    }
}
