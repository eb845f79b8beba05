package org.inkflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ImageBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weights' exponential moving average: the running average exactly, and exported as one servable model. */
class MovingAverageTest {

    private static final UNetConfig SMALL = UNetConfig.defaults().withWidth(4);
    private static final float DECAY = 0.9f;

    @TempDir
    Path tmp;

    private static TrainingGraph graph(SyntheticShapes.Pair data, float decay) {
        return new TrainingGraph(TinyColorizer.options(SMALL, data, 11).withEmaDecay(decay));
    }

    @Test
    void theAverageIsTheRunningAverageOfTheWeightsAfterEachStep() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(1, 4, 16, 24);
        try (TrainingGraph g = graph(data, DECAY)) {
            for (String[] variable : new String[][] {{"enc0_conv1", "kernel"}, {"out", "bias"}}) {
                assertThat(g.averaged(variable[0], variable[1])).as("starts at the initial weights")
                        .containsExactly(g.variable(variable[0], variable[1]));
            }
            double[] expectedKernel = toDouble(g.variable("enc0_conv1", "kernel"));
            double[] expectedBias = toDouble(g.variable("out", "bias"));
            for (int step = 0; step < 6; step++) {
                g.step(data.lineArt(), data.color(), 0.01f, step, false);
                update(expectedKernel, g.variable("enc0_conv1", "kernel"));
                update(expectedBias, g.variable("out", "bias"));
            }
            assertClose(g.averaged("enc0_conv1", "kernel"), expectedKernel);
            assertClose(g.averaged("out", "bias"), expectedBias);
            // ...and it is not simply the weights.
            assertThat(g.averaged("enc0_conv1", "kernel")).isNotEqualTo(g.variable("enc0_conv1", "kernel"));
        }
    }

    @Test
    void theAveragedModelExportsAsOneServableModelAndTheWeightsComeBack() throws Exception {
        SyntheticShapes.Pair data = SyntheticShapes.generate(2, 4, 16, 24);
        try (TrainingGraph g = graph(data, DECAY)) {
            for (int step = 0; step < 20; step++) {
                g.step(data.lineArt(), data.color(), 0.01f, step, false);
            }
            float[] weights = g.variable("mid_conv2", "kernel");
            ImageBatch raw = g.predict(data.lineArt());
            ImageBatch averaged = g.withAveragedWeights(() -> g.predict(data.lineArt()));
            assertThat(g.variable("mid_conv2", "kernel")).as("weights restored").containsExactly(weights);
            assertThat(g.predict(data.lineArt()).data()).containsExactly(raw.data());

            InputNormalization n = g.options().normalization();
            SavedModelExporter.writeModel(g, ColorizerModelTest.card("ema", n), tmp.resolve("ema"), true);
            SavedModelExporter.writeModel(g, ColorizerModelTest.card("raw", n), tmp.resolve("raw"), false);
            try (ColorizerModel ema = ColorizerModel.load(tmp.resolve("ema"));
                 ColorizerModel plain = ColorizerModel.load(tmp.resolve("raw"))) {
                float[] served = ema.predict(data.lineArt()).data();
                for (int i = 0; i < served.length; i += 7) {
                    assertThat(served[i]).as("value %d", i).isCloseTo(averaged.data()[i], within(1e-5f));
                }
                assertThat(plain.predict(data.lineArt()).data()[0]).isCloseTo(raw.data()[0], within(1e-5f));
                assertThat(served).isNotEqualTo(plain.predict(data.lineArt()).data());
            }
            // Training goes on from the raw weights, not the average.
            g.step(data.lineArt(), data.color(), 0.01f, 20, false);
        }
    }

    @Test
    void theAverageIsCheckpointedWithTheWeights() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(1, 4, 16, 24);
        float[] saved;
        try (TrainingGraph g = graph(data, DECAY)) {
            for (int step = 0; step < 5; step++) {
                g.step(data.lineArt(), data.color(), 0.01f, step, false);
            }
            saved = g.averaged("enc1_conv2", "kernel");
            g.save(tmp.resolve("ckpt/weights"));
        }
        try (TrainingGraph resumed = graph(data, DECAY)) {
            resumed.restore(tmp.resolve("ckpt/weights"));
            assertThat(resumed.averaged("enc1_conv2", "kernel")).containsExactly(saved);
        }
    }

    @Test
    void withoutADecayThereIsNoAverage() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(1, 2, 8, 12);
        try (TrainingGraph g = graph(data, 0f)) {
            assertThat(g.hasAveragedWeights()).isFalse();
            assertThatThrownBy(() -> g.withAveragedWeights(() -> null)).hasMessageContaining("emaDecay is 0");
        }
        assertThatThrownBy(() -> graph(data, 1f)).hasMessageContaining("[0,1)");
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static void update(double[] average, float[] weights) {
        for (int i = 0; i < average.length; i++) {
            average[i] -= (1 - DECAY) * (average[i] - weights[i]);
        }
    }

    private static void assertClose(float[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-6));
        }
    }
}
