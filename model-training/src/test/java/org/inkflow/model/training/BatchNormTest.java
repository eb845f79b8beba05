package org.inkflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ExportedModel;
import org.inkflow.model.serving.ImageBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;
import org.tensorflow.SavedModelBundle;

/**
 * Batch normalization as a model option: trained on the batch's moments, moving statistics that follow them,
 * exported with the moving statistics only, kept as loaded in a frozen layer.
 */
class BatchNormTest {

    private static final UNetConfig SMALL_BN = UNetConfig.defaults().withWidth(4).withBatchNorm(true);

    @TempDir
    Path tmp;

    private static TrainingGraph.Options options(SyntheticShapes.Pair data) {
        return TinyColorizer.options(SMALL_BN, data, 17);
    }

    @Test
    void aBatchNormalizedModelLearns() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(3, 4, 16, 24);
        try (TrainingGraph g = new TrainingGraph(options(data))) {
            float first = g.step(data.lineArt(), data.color(), 0.01f, 0, false).loss();
            float last = first;
            for (int step = 1; step < 40; step++) {
                last = g.step(data.lineArt(), data.color(), 0.01f, step, false).loss();
            }
            assertThat(last).isLessThan(first * 0.8f);
            // Every normalized layer has its two statistics; the output layer has none.
            assertThat(g.statistics().keySet()).contains("unet/enc0_conv1/moving_mean", "unet/enc0_conv1/moving_variance",
                    "unet/dec0_up/moving_mean").doesNotContain("unet/out/moving_mean");
            assertThat(g.statistics()).hasSize(2 * (UNetModel.layerNames(SMALL_BN).size() - 1));
        }
    }

    @Test
    void withTheWeightsFixedTheMovingStatisticsReachTheBatchMomentsAndBothModesAgree() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(5, 3, 16, 24);
        try (TrainingGraph g = new TrainingGraph(options(data))) {
            for (float[] v : g.statistics().values()) {
                assertThat(v[0]).isIn(0f, 1f);
            }
            ImageBatch onBatch = g.predict(data.lineArt(), false);
            assertThat(maxDifference(g.predict(data.lineArt(), true), onBatch))
                    .as("before any step the moving statistics (0, 1) are not the batch's").isGreaterThan(1e-2f);
            // lr 0: the weights stay, so every step sees the same moments; 0.9^150 of the start is left.
            for (int step = 0; step < 150; step++) {
                g.step(data.lineArt(), data.color(), 0f, step, false);
            }
            assertThat(maxDifference(g.predict(data.lineArt(), true), onBatch)).isLessThan(1e-3f);
            assertThat(g.predict(data.lineArt(), false).data()).containsExactly(onBatch.data());
        }
    }

    @Test
    void theExportedModelNormalizesWithTheMovingStatisticsAndHoldsNoTrainingOps() throws Exception {
        SyntheticShapes.Pair data = SyntheticShapes.generate(7, 4, 16, 24);
        try (TrainingGraph g = new TrainingGraph(options(data))) {
            for (int step = 0; step < 20; step++) {
                g.step(data.lineArt(), data.color(), 0.01f, step, false);
            }
            ImageBatch expected = g.predict(data.lineArt());
            SavedModelExporter.writeModel(g, ColorizerModelTest.card("bn", g.options().normalization()), tmp.resolve("bn"));
            try (ColorizerModel served = ColorizerModel.load(tmp.resolve("bn"))) {
                float[] out = served.predict(data.lineArt()).data();
                for (int i = 0; i < out.length; i += 5) {
                    assertThat(out[i]).as("value %d", i).isCloseTo(expected.data()[i], within(1e-5f));
                }
            }
            List<String> types = new ArrayList<>();
            List<String> names = new ArrayList<>();
            try (SavedModelBundle bundle = SavedModelBundle.load(
                    tmp.resolve("bn").resolve(ExportedModel.SAVED_MODEL_DIR).toString(), ExportedModel.TAG)) {
                Iterator<GraphOperation> ops = bundle.graph().operations();
                while (ops.hasNext()) {
                    GraphOperation op = ops.next();
                    types.add(op.type());
                    names.add(op.name());
                }
            }
            assertThat(names).contains("unet/enc0_conv1/moving_mean", "unet/mid_conv2/moving_variance");
            assertThat(types).as("no batch moments in the served graph").doesNotContain("Mean", "SquaredDifference");
            assertThat(names).noneMatch(n -> n.contains("update_mean") || n.contains("use_moving"));

            // The statistics are checkpointed with the weights.
            g.save(tmp.resolve("ckpt").resolve("weights"));
            Map<String, float[]> saved = g.statistics();
            try (TrainingGraph resumed = new TrainingGraph(options(data))) {
                resumed.restore(tmp.resolve("ckpt").resolve("weights"));
                saved.forEach((name, values) -> assertThat(resumed.statistics().get(name)).as(name).containsExactly(values));
            }
        }
    }

    @Test
    void aFrozenLayerKeepsItsStatisticsAndTheOthersMove() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(9, 4, 16, 24);
        try (TrainingGraph g = new TrainingGraph(options(data).withFrozen(Set.of("enc0")))) {
            Map<String, float[]> before = g.statistics();
            for (int step = 0; step < 5; step++) {
                g.step(data.lineArt(), data.color(), 0.01f, step, false);
            }
            Map<String, float[]> after = g.statistics();
            assertThat(after.get("unet/enc0_conv1/moving_mean")).containsExactly(before.get("unet/enc0_conv1/moving_mean"));
            assertThat(after.get("unet/enc0_conv2/moving_variance"))
                    .containsExactly(before.get("unet/enc0_conv2/moving_variance"));
            assertThat(after.get("unet/enc1_conv1/moving_mean")).isNotEqualTo(before.get("unet/enc1_conv1/moving_mean"));
        }
    }

    @Test
    void theCardNamesBatchNormOnlyWhenItIsOn() {
        assertThat(SMALL_BN.describe()).containsEntry("batchNorm", true);
        assertThat(UNetConfig.defaults().describe()).doesNotContainKey("batchNorm");
        assertThat(UNetModel.parameterCount(SMALL_BN)).isEqualTo(UNetModel.parameterCount(SMALL_BN.withBatchNorm(false)));
    }

    private static float maxDifference(ImageBatch a, ImageBatch b) {
        float max = 0f;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }
}
