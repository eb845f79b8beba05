package org.inkflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.inkflow.model.serving.ImageBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingGraphTest {

    private static final UNetConfig SMALL = UNetConfig.defaults().withWidth(4);

    @TempDir
    Path tmp;

    private static TrainingGraph graph(UNetConfig config, long seed) {
        SyntheticShapes.Pair data = SyntheticShapes.generate(1, 4, 16, 24);
        return new TrainingGraph(TinyColorizer.options(config, data, seed));
    }

    @Test
    void lossFallsWhenOverfittingOneSmallBatch() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(1, 4, 16, 24);
        try (TrainingGraph g = graph(SMALL.withWidth(8), 3)) {
            float first = g.loss(data.lineArt(), data.color());
            float last = first;
            for (int step = 0; step < 150; step++) {
                last = g.step(data.lineArt(), data.color(), 0.01f, step, false).loss();
            }
            // The sanity bar of the trainer: 90% of the loss gone.
            assertThat(last).isLessThan(first * 0.1f);
        }
    }

    @Test
    void lossOnAKnownInputIsTheMeanAbsoluteError() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(2, 2, 8, 12);
        try (TrainingGraph g = graph(SMALL, 5)) {
            ImageBatch prediction = g.predict(data.lineArt());
            double sum = 0;
            for (int i = 0; i < prediction.data().length; i++) {
                sum += Math.abs(prediction.data()[i] - data.color().data()[i]);
            }
            assertThat((double) g.loss(data.lineArt(), data.color())).isCloseTo(sum / prediction.data().length, within(1e-5));
        }
        try (TrainingGraph g = graph(SMALL.withLoss(UNetConfig.Loss.MSE), 5)) {
            ImageBatch prediction = g.predict(data.lineArt());
            double sum = 0;
            for (int i = 0; i < prediction.data().length; i++) {
                double d = prediction.data()[i] - data.color().data()[i];
                sum += d * d;
            }
            assertThat((double) g.loss(data.lineArt(), data.color())).isCloseTo(sum / prediction.data().length, within(1e-5));
        }
    }

    @Test
    void sameSeedSameDataGivesTheSameLossCurve() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(1, 4, 16, 24);
        UNetConfig withDropout = SMALL.withRegularization(0.2f, 1e-4f);
        float[] a = new float[20];
        float[] b = new float[20];
        try (TrainingGraph g = graph(withDropout, 11)) {
            for (int s = 0; s < a.length; s++) {
                a[s] = g.step(data.lineArt(), data.color(), 0.01f, s, false).loss();
            }
        }
        try (TrainingGraph g = graph(withDropout, 11)) {
            for (int s = 0; s < b.length; s++) {
                b[s] = g.step(data.lineArt(), data.color(), 0.01f, s, false).loss();
            }
        }
        assertThat(b).containsExactly(a, within(1e-6f));
    }

    @Test
    void checkpointRestoreContinuesTheSameCurve() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(1, 4, 16, 24);
        float[] straight = new float[10];
        try (TrainingGraph g = graph(SMALL, 4)) {
            for (int s = 0; s < 10; s++) {
                straight[s] = g.step(data.lineArt(), data.color(), 0.01f, s, false).loss();
            }
        }
        Path prefix = tmp.resolve("ckpt/step-5/weights");
        try (TrainingGraph g = graph(SMALL, 4)) {
            for (int s = 0; s < 5; s++) {
                g.step(data.lineArt(), data.color(), 0.01f, s, false);
            }
            g.save(prefix);
        }
        try (TrainingGraph g = graph(SMALL, 99)) {
            g.restore(prefix);
            for (int s = 5; s < 10; s++) {
                // Weights and Adam moments both come back: the curve is the uninterrupted one.
                assertThat(g.step(data.lineArt(), data.color(), 0.01f, s, false).loss())
                        .isCloseTo(straight[s], within(1e-5f));
            }
        }
    }

    @Test
    void finiteDifferencesMatchTheAnalyticGradient() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(6, 2, 8, 12);
        try (TrainingGraph g = graph(SMALL.withLoss(UNetConfig.Loss.MSE), 8)) {
            for (String[] variable : new String[][] {{"out", "bias"}, {"enc0_conv1", "kernel"}}) {
                float[] analytic = g.gradient(variable[0], variable[1], data.lineArt(), data.color());
                float[] original = g.variable(variable[0], variable[1]);
                // Three weights are enough to catch a wrong sign, scale or wiring; all of a kernel would be slow.
                for (int i = 0; i < 3; i++) {
                    float eps = 1e-2f;
                    float[] w = original.clone();
                    w[i] = original[i] + eps;
                    g.assign(variable[0], variable[1], w);
                    double plus = g.loss(data.lineArt(), data.color());
                    w[i] = original[i] - eps;
                    g.assign(variable[0], variable[1], w);
                    double minus = g.loss(data.lineArt(), data.color());
                    g.assign(variable[0], variable[1], original);
                    double numeric = (plus - minus) / (2 * eps);
                    assertThat(numeric).as("d loss / d %s/%s[%d]", variable[0], variable[1], i)
                            .isCloseTo(analytic[i], within(1e-4 + 0.05 * Math.abs(analytic[i])));
                }
            }
        }
    }

    @Test
    void layerStatsCoverEveryLayer() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(1, 2, 16, 24);
        try (TrainingGraph g = graph(SMALL, 2)) {
            TrainingGraph.StepResult r = g.step(data.lineArt(), data.color(), 0.01f, 0, true);
            assertThat(r.layers().keySet()).containsExactlyElementsOf(g.layerNames());
            r.layers().values().forEach(s -> {
                assertThat(s.gradientNorm()).isFinite().isGreaterThanOrEqualTo(0f);
                assertThat(s.deadRatio()).isBetween(0f, 1f);
            });
            assertThat(r.gradientNorm()).isPositive();
            Map<String, float[]> kernels = g.kernels();
            assertThat(kernels.keySet()).containsExactlyElementsOf(g.layerNames());
        }
    }

    @Test
    void rejectsMismatchedBatches() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(1, 2, 16, 24);
        try (TrainingGraph g = graph(SMALL, 2)) {
            assertThatThrownBy(() -> g.step(data.lineArt(), data.lineArt(), 0.01f, 0, false))
                    .hasMessageContaining("3 channels");
            assertThatThrownBy(() -> g.step(data.lineArt(), SyntheticShapes.generate(1, 2, 24, 16).color(), 0.01f, 0, false))
                    .hasMessageContaining("same N, H and W");
            assertThatThrownBy(() -> g.step(ImageBatch.zeros(1, 18, 24, 1), ImageBatch.zeros(1, 18, 24, 3), 0.01f, 0, false))
                    .hasMessageContaining("multiples of 4");
            assertThatThrownBy(() -> g.restore(tmp.resolve("nothing")))
                    .hasMessageContaining("no checkpoint");
        }
    }
}
