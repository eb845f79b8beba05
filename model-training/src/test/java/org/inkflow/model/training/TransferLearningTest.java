package org.inkflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.inkflow.model.serving.ExportedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transfer learning: weights loaded from an exported model, frozen layers bit-identical after training. */
class TransferLearningTest {

    private static final UNetConfig SMALL = UNetConfig.defaults().withWidth(4);

    @TempDir
    Path tmp;

    private static TrainingGraph.Options options(UNetConfig config, SyntheticShapes.Pair data, long seed) {
        return TinyColorizer.options(config, data, seed);
    }

    /** A source model trained a few steps and exported; answers its SavedModel's variables prefix. */
    private Path exportedSource(SyntheticShapes.Pair data) {
        try (TrainingGraph source = new TrainingGraph(options(SMALL, data, 5))) {
            for (int step = 0; step < 5; step++) {
                source.step(data.lineArt(), data.color(), 0.01f, step, false);
            }
            SavedModelExporter.writeModel(source, ColorizerModelTest.card("source", source.options().normalization()),
                    tmp.resolve("source"));
        }
        return tmp.resolve("source").resolve(ExportedModel.SAVED_MODEL_DIR).resolve("variables").resolve("variables");
    }

    @Test
    void frozenLayersAreBitIdenticalAfterTrainingAndTheRestLearnsFromTheLoadedWeights() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(3, 4, 16, 24);
        Path source = exportedSource(data);
        try (TrainingGraph g = new TrainingGraph(options(SMALL, data, 99).withFrozen(Set.of("enc0"))
                .withEmaDecay(0.9f))) {
            float[] seededOut = g.variable("out", "kernel");
            g.loadWeights(source);
            float[] enc0 = g.variable("enc0_conv1", "kernel");
            float[] enc0b = g.variable("enc0_conv2", "bias");
            float[] out = g.variable("out", "kernel");
            assertThat(out).as("loaded, not the seeded start").isNotEqualTo(seededOut);
            assertThat(g.averaged("out", "kernel")).as("the average restarts at the loaded weights").containsExactly(out);
            float first = g.loss(data.lineArt(), data.color());
            for (int step = 0; step < 8; step++) {
                g.step(data.lineArt(), data.color(), 0.01f, step, false);
            }
            assertThat(g.variable("enc0_conv1", "kernel")).containsExactly(enc0);
            assertThat(g.variable("enc0_conv2", "bias")).containsExactly(enc0b);
            assertThat(g.variable("out", "kernel")).isNotEqualTo(out);
            assertThat(g.loss(data.lineArt(), data.color())).isLessThan(first);
            // A checkpoint of a frozen graph (no Adam slots for enc0) restores into a graph frozen the same way.
            g.save(tmp.resolve("ckpt").resolve("weights"));
            try (TrainingGraph again = new TrainingGraph(options(SMALL, data, 1).withFrozen(Set.of("enc0"))
                    .withEmaDecay(0.9f))) {
                again.restore(tmp.resolve("ckpt").resolve("weights"));
                assertThat(again.variable("out", "kernel")).containsExactly(g.variable("out", "kernel"));
            }
        }
    }

    @Test
    void layerNamesWithoutAGraphAreTheGraphsOwn() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(4, 2, 16, 24);
        for (UNetConfig config : new UNetConfig[] {SMALL, SMALL.withDepth(3)}) {
            try (TrainingGraph g = new TrainingGraph(options(config, data, 1))) {
                assertThat(UNetModel.layerNames(config)).isEqualTo(g.layerNames());
            }
        }
    }

    @Test
    void unknownLayersAllLayersAndOtherArchitecturesAreRefusedByName() {
        SyntheticShapes.Pair data = SyntheticShapes.generate(4, 2, 16, 24);
        assertThatThrownBy(() -> new TrainingGraph(options(SMALL, data, 1).withFrozen(Set.of("enc9", "enc0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot freeze [enc9]")
                .hasMessageContaining("enc0_conv1");
        try (TrainingGraph probe = new TrainingGraph(options(SMALL, data, 1))) {
            Set<String> all = Set.copyOf(probe.layerNames());
            assertThatThrownBy(() -> new TrainingGraph(options(SMALL, data, 1).withFrozen(all)))
                    .hasMessageContaining("nothing would train");
        }
        Path source = exportedSource(data);
        try (TrainingGraph wider = new TrainingGraph(options(SMALL.withWidth(8), data, 1))) {
            assertThatThrownBy(() -> wider.loadWeights(source)).hasMessageContaining("shape");
        }
        try (TrainingGraph g = new TrainingGraph(options(SMALL, data, 1))) {
            assertThatThrownBy(() -> g.loadWeights(tmp.resolve("nothing"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no weights at");
        }
    }
}
