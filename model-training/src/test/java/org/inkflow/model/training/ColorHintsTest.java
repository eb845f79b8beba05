package org.inkflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ExportedModel;
import org.inkflow.model.serving.HintMaps;
import org.inkflow.model.serving.ImageBatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

/**
 * A U-Net with the color-hints input: trained a few hundred steps on boxes whose fill color is random (only a hint can
 * tell it), a hint at a pixel pulls the output there towards the hint's color; zero hints are no hints; the exported
 * model takes {@code hints} beside {@code line_art}, and a model without hints refuses them.
 */
class ColorHintsTest {

    private static final int H = 16;
    private static final int W = 24;
    private static final UNetConfig HINTED = UNetConfig.defaults().withWidth(8).withHints(true);
    private static final float[][] FILLS = {{0.9f, 0.1f, 0.1f}, {0.1f, 0.2f, 0.9f}};
    /** Denser than training's default (the mechanism, not the recipe, is under test): learned in a few hundred steps. */
    private static final HintMaps.Sampling SAMPLING = new HintMaps.Sampling(0.3, 8, 8, 2);

    @TempDir
    static Path tmp;

    private static TrainingGraph trained;

    /** Boxes outlined in black on white, each filled with one of {@link #FILLS} at random. */
    static ImageBatch[] boxes(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] line = new float[n * H * W];
        float[] color = new float[n * H * W * 3];
        for (int i = 0; i < n; i++) {
            int y0 = r.nextInt(0, 4);
            int x0 = r.nextInt(0, 6);
            int y1 = r.nextInt(H - 4, H);
            int x1 = r.nextInt(W - 6, W);
            float[] fill = FILLS[r.nextInt(FILLS.length)];
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int p = i * H * W + y * W + x;
                    boolean inside = y >= y0 && y <= y1 && x >= x0 && x <= x1;
                    boolean edge = inside && (y == y0 || y == y1 || x == x0 || x == x1);
                    line[p] = edge ? 0f : 1f;
                    for (int c = 0; c < 3; c++) {
                        color[p * 3 + c] = edge ? 0f : inside ? fill[c] : 1f;
                    }
                }
            }
        }
        return new ImageBatch[] {new ImageBatch(n, H, W, 1, line), new ImageBatch(n, H, W, 3, color)};
    }

    @BeforeAll
    static void train() {
        ImageBatch[] sample = boxes(1, 64);
        trained = new TrainingGraph(new TrainingGraph.Options(HINTED, InputNormalization.of(sample[0].data()),
                0.9f, 0.999f, 1e-7f, 1f, 3, 1, TinyColorizer.meanColor(sample[1])));
        for (int step = 0; step < 400; step++) {
            ImageBatch[] batch = boxes(100 + step, 8);
            ImageBatch hints = HintMaps.sample(batch[1], step, SAMPLING);
            trained.step(batch[0], batch[1], hints, 0.003f, step, false);
        }
    }

    @Test
    void aHintAtAPixelPullsTheColorNearItTowardsTheHint() {
        ImageBatch lineArt = boxes(7, 1)[0];
        ImageBatch none = trained.predict(lineArt);
        int y = H / 2;
        int x = W / 2;
        double moved = 0;
        for (float[] fill : FILLS) {
            ImageBatch hints = ImageBatch.zeros(1, H, W, 4);
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int p = (y + dy) * W + x + dx;
                    System.arraycopy(fill, 0, hints.data(), p * 4, 3);
                    hints.data()[p * 4 + 3] = 1f;
                }
            }
            ImageBatch hinted = trained.predict(lineArt, hints);
            // A pixel two away from the hint, inside the same box: it takes the hint's color, not only the hint pixel.
            int near = y * W + x + 2;
            double before = distance(none.data(), near, fill);
            double after = distance(hinted.data(), near, fill);
            assertThat(after).as("distance to hint %s near it: %s without the hint, %s with", java.util.Arrays.toString(fill), before, after)
                    .isLessThan(0.3);
            moved = Math.max(moved, before - after);
        }
        // Without a hint the model guesses one fill (or between them): the other fill's hint moved the color far.
        assertThat(moved).isGreaterThan(0.4);
    }

    @Test
    void anEmptyHintMapIsNoHints() {
        ImageBatch lineArt = boxes(8, 2)[0];
        ImageBatch none = trained.predict(lineArt);
        assertThat(trained.predict(lineArt, ImageBatch.zeros(2, H, W, 4)).data()).containsExactly(none.data());
        // RGB without a mask is no hint either: the graph multiplies the colors by the mask.
        ImageBatch unmasked = ImageBatch.zeros(2, H, W, 4);
        for (int p = 0; p < 2 * H * W; p++) {
            unmasked.data()[p * 4] = 0.7f;
            unmasked.data()[p * 4 + 2] = 0.3f;
        }
        assertThat(trained.predict(lineArt, unmasked).data()).containsExactly(none.data());
    }

    @Test
    void theExportedModelTakesHintsAndServesWithoutThem() {
        Path dir = tmp.resolve("hinted");
        SavedModelExporter.writeModel(trained, ColorizerModelTest.card("h1", trained.options().normalization()), dir);
        ImageBatch lineArt = boxes(9, 2)[0];
        ImageBatch hints = HintMaps.sample(boxes(9, 2)[1], 4, HintMaps.Sampling.training().always());
        try (ColorizerModel model = ColorizerModel.load(dir);
             SavedModelBundle raw = SavedModelBundle.load(dir.resolve("saved_model").toString(), "serve")) {
            Signature signature = raw.function(ExportedModel.SIGNATURE).signature();
            assertThat(signature.inputNames()).containsExactlyInAnyOrder(ExportedModel.INPUT, ExportedModel.HINTS);
            assertThat(signature.getInputs().get(ExportedModel.HINTS).shape.asArray()).containsExactly(-1, -1, -1, 4);
            assertThat(signature.getInputs().get(ExportedModel.INPUT).shape.asArray()).containsExactly(-1, -1, -1, 1);
            assertThat(model.takesHints()).isTrue();
            assertThat(model.predict(lineArt, hints).data()).containsExactly(trained.predict(lineArt, hints).data(),
                    within(1e-5f));
            ImageBatch none = model.predict(lineArt);
            assertThat(none.data()).containsExactly(trained.predict(lineArt).data(), within(1e-5f));
            assertThat(model.predict(lineArt, ImageBatch.zeros(2, H, W, 4)).data()).containsExactly(none.data());
            assertThatThrownBy(() -> model.predict(lineArt, ImageBatch.zeros(2, H, W, 3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 channels");
            assertThatThrownBy(() -> model.predict(lineArt, ImageBatch.zeros(2, W, H, 4)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line art's N, H and W");
        }
        assertThat(HINTED.describe()).containsEntry("hints", true);
    }

    @Test
    void aModelWithoutHintsKeepsItsOneInputAndRefusesHints() {
        Path dir = tmp.resolve("plain");
        UNetConfig plain = UNetConfig.defaults().withWidth(4);
        assertThat(plain.describe()).doesNotContainKey("hints");
        try (TrainingGraph g = new TrainingGraph(TrainingGraph.Options.defaults(plain, InputNormalization.identity(), 1))) {
            assertThat(g.takesHints()).isFalse();
            SavedModelExporter.writeModel(g, ColorizerModelTest.card("p1", g.options().normalization()), dir);
            assertThatThrownBy(() -> g.predict(boxes(1, 1)[0], ImageBatch.zeros(1, H, W, 4)))
                    .hasMessageContaining("takes no color hints");
        }
        ImageBatch lineArt = boxes(10, 1)[0];
        try (ColorizerModel model = ColorizerModel.load(dir);
             SavedModelBundle raw = SavedModelBundle.load(dir.resolve("saved_model").toString(), "serve")) {
            assertThat(raw.function(ExportedModel.SIGNATURE).signature().inputNames())
                    .containsExactly(ExportedModel.INPUT);
            assertThat(model.takesHints()).isFalse();
            assertThat(model.predict(lineArt).shape()).containsExactly(1, H, W, 3);
            assertThatThrownBy(() -> model.predict(lineArt, ImageBatch.zeros(1, H, W, 4)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no color hints");
        }
    }

    @Test
    void parameterCountAndLayersSeeTheFiveInputChannels() {
        assertThat(UNetModel.parameterCount(HINTED) - UNetModel.parameterCount(HINTED.withHints(false)))
                .isEqualTo(3L * 3 * 4 * 8);
        assertThat(trained.parameterCount()).isEqualTo(UNetModel.parameterCount(HINTED));
        assertThat(trained.kernels().get("enc0_conv1")).hasSize(3 * 3 * 5 * 8);
    }

    private static double distance(float[] rgb, int pixel, float[] color) {
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            double d = rgb[pixel * 3 + c] - color[c];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    @org.junit.jupiter.api.AfterAll
    static void close() {
        trained.close();
    }
}
