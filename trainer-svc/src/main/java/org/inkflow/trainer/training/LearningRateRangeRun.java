package org.inkflow.trainer.training;

import java.util.function.BooleanSupplier;
import org.inkflow.model.training.TrainingGraph;
import org.inkflow.trainer.data.InputPipeline;
import org.inkflow.trainer.data.TrainingData;
import org.jboss.logging.Logger;

/**
 * Runs {@link LearningRateRange} on a fresh model of the run's architecture and data: one optimizer step per rate of
 * the ramp, on the same input pipeline (augmentation included) and graph a training run uses, until the loss
 * diverges or the ramp ends. The model is thrown away afterwards: the test only measures.
 */
public final class LearningRateRangeRun {

    private static final Logger LOG = Logger.getLogger(LearningRateRangeRun.class);

    private final String runId;
    private final Hyperparameters h;
    private final TrainingData data;
    private final TrainingLoop.Settings settings;
    private final BooleanSupplier stopRequested;

    public LearningRateRangeRun(String runId, Hyperparameters h, TrainingData data, TrainingLoop.Settings settings,
                                BooleanSupplier stopRequested) {
        this.runId = runId;
        this.h = h;
        this.data = data;
        this.settings = settings;
        this.stopRequested = stopRequested;
    }

    /** The test's result; empty-handed (no suggestion) when stopped before enough steps. */
    public LearningRateRange.Result run(LearningRateRange.Settings rangeSettings) {
        LearningRateRange range = new LearningRateRange(rangeSettings);
        try (TrainingGraph graph = new TrainingGraph(h.graphOptions(data.normalization(), data.meanColor(),
                settings.tensorflowThreads()))) {
            InputPipeline.Settings ps = new InputPipeline.Settings(h.batchSize(), h.seed(), h.flip(), h.maxShift(),
                    settings.decodeThreads(), settings.prefetchBatches(), settings.decodedCacheSize(), h.hints(),
                    h.hueRotation());
            try (InputPipeline pipeline = new InputPipeline(data.train(), data.source(), data.height(), data.width(),
                    ps, 0)) {
                long step = 0;
                while (range.running() && !stopRequested.getAsBoolean()) {
                    InputPipeline.Batch batch = pipeline.next();
                    double lr = range.nextLearningRate();
                    TrainingGraph.StepResult r = graph.step(batch.lineArt(), batch.color(), batch.hints(), (float) lr, step++,
                            false);
                    range.record(r.loss());
                }
            }
        }
        LearningRateRange.Result result = range.result();
        LOG.infof("run %s: learning-rate range test over %d steps: suggested %s, lowest loss at %s, diverged at %s (%s)",
                runId, result.points().size(), result.suggestedLearningRate(), result.minLossLearningRate(),
                result.divergedAtLearningRate(), result.note());
        return result;
    }
}
