package org.inkflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ExportedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/** The PatchGAN term: absent at weight 0, trained beside the U-Net above it, never in the served model. */
class AdversarialTermTest {

    private static final UNetConfig SMALL = UNetConfig.defaults().withWidth(4).withHints(true);

    @TempDir
    Path tmp;

    private static TrainingGraph graph(SyntheticShapes.Pair data, float weight) {
        return new TrainingGraph(TinyColorizer.options(SMALL, data, 5).withAdversarialWeight(weight));
    }

    @Test
    void weightZeroBuildsNoDiscriminator() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(3, 2, 16, 24);
        try (TrainingGraph off = graph(data, 0f); TrainingGraph on = graph(data, 0.05f)) {
            assertThat(off.operationNames()).noneMatch(n -> n.startsWith(PatchDiscriminator.SCOPE));
            assertThat(on.operationNames()).contains("discriminator/conv0/kernel", "discriminator/loss/generator",
                    "discriminator_adam/conv2/bias_v");
            // The same U-Net either way: same seeded weights, same first prediction.
            assertThat(on.predict(data.lineArt()).data()).containsExactly(off.predict(data.lineArt()).data());
        }
        assertThatThrownBy(() -> graph(data, -1f)).hasMessageContaining("adversarial weight must be >= 0");
    }

    @Test
    void stepsTrainBothNetworksWithoutNaN() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(4, 4, 16, 24);
        try (TrainingGraph g = graph(data, 0.05f)) {
            float[] kernel = g.values("discriminator/conv0/kernel");
            float[] unet = g.variable("enc0_conv1", "kernel");
            float first = Float.NaN;
            float last = Float.NaN;
            for (int step = 0; step < 8; step++) {
                TrainingGraph.StepResult r = g.step(data.lineArt(), data.color(), 0.005f, step, false);
                assertThat(r.loss()).isFinite();
                assertThat(r.totalLoss()).as("L1 plus a non-negative adversarial term").isFinite()
                        .isGreaterThan(r.loss());
                assertThat(r.gradientNorm()).isFinite();
                first = step == 0 ? r.loss() : first;
                last = r.loss();
            }
            assertThat(g.values("discriminator/conv0/kernel")).as("the discriminator trains").isNotEqualTo(kernel);
            assertThat(g.variable("enc0_conv1", "kernel")).as("the U-Net trains").isNotEqualTo(unet);
            assertThat(last).as("L1 still falls").isLessThan(first);
            for (float v : g.predict(data.lineArt()).data()) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void theExportServesTheSameSignatureWithoutTheDiscriminator() throws Exception {
        SyntheticShapes.Pair data = SyntheticShapes.generate(5, 2, 16, 24);
        try (TrainingGraph off = graph(data, 0f); TrainingGraph on = graph(data, 0.05f)) {
            for (int step = 0; step < 3; step++) {
                on.step(data.lineArt(), data.color(), 0.005f, step, false);
            }
            SavedModelExporter.writeModel(off, ColorizerModelTest.card("off", off.options().normalization()),
                    tmp.resolve("off"));
            SavedModelExporter.writeModel(on, ColorizerModelTest.card("on", on.options().normalization()),
                    tmp.resolve("on"));
            try (ColorizerModel served = ColorizerModel.load(tmp.resolve("on"))) {
                assertThat(served.predict(data.lineArt()).data()).as("serves the trained U-Net")
                        .containsExactly(on.predict(data.lineArt()).data());
            }
        }
        assertThat(signature(tmp.resolve("on"))).isEqualTo(signature(tmp.resolve("off")));
        assertThat(operations(tmp.resolve("on"))).noneMatch(n -> n.contains(PatchDiscriminator.SCOPE))
                .containsExactlyInAnyOrderElementsOf(operations(tmp.resolve("off")));
        String index = new String(Files.readAllBytes(tmp.resolve("on").resolve(ExportedModel.SAVED_MODEL_DIR)
                .resolve("variables/variables.index")), StandardCharsets.ISO_8859_1);
        // The index's keys are prefix-compressed; a "discriminator/..." key would sort first, so in full.
        assertThat(index).as("no discriminator variable saved").contains("unet/")
                .doesNotContain(PatchDiscriminator.SCOPE);
    }

    private static List<String> operations(Path modelDir) {
        List<String> names = new ArrayList<>();
        try (SavedModelBundle bundle = load(modelDir)) {
            bundle.graph().operations().forEachRemaining(op -> names.add(op.name()));
        }
        return names;
    }

    private static String signature(Path modelDir) {
        try (SavedModelBundle bundle = load(modelDir)) {
            var s = bundle.function(ExportedModel.SIGNATURE).signature();
            StringBuilder out = new StringBuilder();
            for (var e : new java.util.TreeMap<>(s.getInputs()).entrySet()) {
                out.append("in ").append(e.getKey()).append(java.util.Arrays.toString(e.getValue().shape.asArray()))
                        .append(e.getValue().dataType).append('\n');
            }
            for (Map.Entry<String, ?> e : new java.util.TreeMap<>(s.getOutputs()).entrySet()) {
                var t = s.getOutputs().get(e.getKey());
                out.append("out ").append(e.getKey()).append(java.util.Arrays.toString(t.shape.asArray()))
                        .append(t.dataType).append('\n');
            }
            return out.toString();
        }
    }

    private static SavedModelBundle load(Path modelDir) {
        return SavedModelBundle.load(modelDir.resolve(ExportedModel.SAVED_MODEL_DIR).toString(), ExportedModel.TAG);
    }
}
