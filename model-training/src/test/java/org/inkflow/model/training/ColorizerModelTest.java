package org.inkflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.inkflow.common.artifacts.ModelCard;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ImageBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

class ColorizerModelTest {

    private static final UNetConfig SMALL = UNetConfig.defaults().withWidth(4);

    @TempDir
    Path tmp;

    private static TrainingGraph trained(InputNormalization normalization, long seed, int steps) {
        SyntheticShapes.Pair data = SyntheticShapes.generate(seed, 4, 16, 24);
        TrainingGraph g = new TrainingGraph(new TrainingGraph.Options(SMALL, normalization, 0.9f, 0.999f, 1e-7f, 1f, seed, 1));
        for (int s = 0; s < steps; s++) {
            g.step(data.lineArt(), data.color(), 0.01f, s, false);
        }
        return g;
    }

    static ModelCard card(String version, InputNormalization n) {
        return new ModelCard(null, "colorizer", version, "run-1", new ModelCard.DatasetRef("shapes", "1"), 16,
                SMALL.sizeMultiple(), UNetModel.parameterCount(SMALL), SMALL.describe(), null, 1L, null,
                new ModelCard.InputStats((double) n.mean(), (double) n.std(), List.of(0.5, 0.5)), "none", "test", 1.0,
                null);
    }

    @Test
    void exportedModelReproducesTheTrainingGraphsPredictions() {
        InputNormalization n = new InputNormalization(0.8f, 0.3f);
        ImageBatch lineArt = SyntheticShapes.generate(77, 3, 16, 24).lineArt();
        ImageBatch inGraph;
        try (TrainingGraph g = trained(n, 5, 10)) {
            inGraph = g.predict(lineArt);
            SavedModelExporter.writeModel(g, card("v1", n), tmp.resolve("v1"));
        }
        try (ColorizerModel model = ColorizerModel.load(tmp.resolve("v1"))) {
            ImageBatch served = model.predict(lineArt);
            assertThat(served.shape()).containsExactly(3, 16, 24, 3);
            assertThat(served.data()).containsExactly(inGraph.data(), within(1e-5f));
            assertThat(model.card().version()).isEqualTo("v1");
            assertThat(model.card().inputStats().mean()).isCloseTo(0.8, within(1e-6));
            assertThat(model.sizeMultiple()).isEqualTo(4);
        }
        // The saved_model/ directory itself loads too (card beside it).
        try (ColorizerModel model = ColorizerModel.load(tmp.resolve("v1/saved_model"))) {
            assertThat(model.predict(lineArt).data()).containsExactly(inGraph.data(), within(1e-5f));
        }
    }

    @Test
    void normalizationLivesInsideTheExportedGraph() {
        ImageBatch lineArt = SyntheticShapes.generate(78, 2, 16, 24).lineArt();
        // Same weights (same seed, no training), two normalizations: callers feed the same [0,1] input,
        // so any difference in the outputs must come from inside the graph.
        try (TrainingGraph a = trained(new InputNormalization(0f, 1f), 9, 0);
             TrainingGraph b = trained(new InputNormalization(0.9f, 0.2f), 9, 0)) {
            SavedModelExporter.writeModel(a, card("a", a.options().normalization()), tmp.resolve("a"));
            SavedModelExporter.writeModel(b, card("b", b.options().normalization()), tmp.resolve("b"));
        }
        try (ColorizerModel a = ColorizerModel.load(tmp.resolve("a")); ColorizerModel b = ColorizerModel.load(tmp.resolve("b"));
             SavedModelBundle raw = SavedModelBundle.load(tmp.resolve("b/saved_model").toString(), "serve")) {
            assertThat(a.predict(lineArt).data()).isNotEqualTo(b.predict(lineArt).data());
            assertThat(raw.graph().operation("normalize/normalized")).isNotNull();
            // Only what inference needs: no optimizer slots, no dropout, no target placeholder.
            List<String> ops = new ArrayList<>();
            raw.graph().operations().forEachRemaining(op -> ops.add(op.name()));
            assertThat(ops).noneMatch(name -> name.startsWith("adam/") || name.contains("dropout") || name.equals("target"));
            var signature = raw.function("serving_default").signature();
            assertThat(signature.getInputs().get("line_art").shape.asArray()).containsExactly(-1, -1, -1, 1);
            assertThat(signature.getOutputs().get("rgb").shape.asArray()).containsExactly(-1, -1, -1, 3);
        }
    }

    @Test
    void rejectsBadShapesWithMessagesThatSayWhatToDo() {
        TinyColorizer.export(tmp.resolve("tiny"), "colorizer", "t1", 1, 0);
        try (ColorizerModel model = ColorizerModel.load(tmp.resolve("tiny"))) {
            assertThatThrownBy(() -> model.predict(ImageBatch.zeros(1, 16, 24, 3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 channel");
            assertThatThrownBy(() -> model.predict(ImageBatch.zeros(1, 18, 24, 1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("multiples of 4").hasMessageContaining("24x20");
            float[] nan = new float[16 * 24];
            nan[5] = Float.NaN;
            assertThatThrownBy(() -> model.predict(new ImageBatch(1, 16, 24, 1, nan)))
                    .hasMessageContaining("NaN");
            model.close();
            assertThatThrownBy(() -> model.predict(ImageBatch.zeros(1, 16, 24, 1))).hasMessageContaining("closed");
        }
        assertThatThrownBy(() -> new ImageBatch(1, 16, 24, 1, new float[16 * 24 * 3]))
                .hasMessageContaining("needs 384 values but the array has 1152");
        assertThatThrownBy(() -> ColorizerModel.load(tmp.resolve("nothing-here")))
                .hasMessageContaining("no SavedModel");
    }

    @Test
    void missingModelCardIsAClearError() throws Exception {
        TinyColorizer.export(tmp.resolve("nocard"), "colorizer", "t2", 2, 0);
        Files.delete(tmp.resolve("nocard/model-card.json"));
        assertThatThrownBy(() -> ColorizerModel.load(tmp.resolve("nocard"))).hasMessageContaining("no model card");
    }

    @Test
    void predictIsSafeFromManyThreads() throws Exception {
        TinyColorizer.export(tmp.resolve("mt"), "colorizer", "t3", 3, 2);
        ImageBatch one = SyntheticShapes.generate(5, 1, 16, 24).lineArt();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ColorizerModel model = ColorizerModel.load(tmp.resolve("mt"))) {
            float[] expected = model.predict(one).data();
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> model.predict(one).data()));
            }
            for (Future<float[]> f : results) {
                assertThat(f.get()).containsExactly(expected, within(1e-6f));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tinyColorizerSeedsGiveDifferentModelsAndACompleteCard() {
        ModelCard card = TinyColorizer.export(tmp.resolve("s1"), "colorizer", "s1", 1, 3);
        TinyColorizer.export(tmp.resolve("s2"), "colorizer", "s2", 2, 3);
        ImageBatch in = SyntheticShapes.generate(9, 1, 16, 24).lineArt();
        try (ColorizerModel a = ColorizerModel.load(tmp.resolve("s1")); ColorizerModel b = ColorizerModel.load(tmp.resolve("s2"))) {
            assertThat(a.predict(in).data()).isNotEqualTo(b.predict(in).data());
            assertThat(a.card()).isEqualTo(card);
        }
        assertThat(card.metrics()).containsKeys("valLoss", "trainLoss");
        assertThat(card.inputStats().histogram()).hasSize(10);
        assertThat(ModelCard.fromJson(card.toJson())).isEqualTo(card);
    }
}
