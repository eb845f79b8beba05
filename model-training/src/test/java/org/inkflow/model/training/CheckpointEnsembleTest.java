package org.inkflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ExportedModel;
import org.inkflow.model.serving.ImageBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints averaged in one servable SavedModel: its answer is the mean of the members' answers. */
class CheckpointEnsembleTest {

    @TempDir
    Path tmp;

    @Test
    void theEnsembleAnswersTheMeanOfItsCheckpoints() throws Exception {
        meanOfMembers(UNetConfig.defaults().withWidth(4), "plain");
    }

    @Test
    void batchNormalizedCheckpointsBringTheirStatistics() throws Exception {
        meanOfMembers(UNetConfig.defaults().withWidth(4).withBatchNorm(true), "bn");
    }

    private void meanOfMembers(UNetConfig config, String name) throws Exception {
        SyntheticShapes.Pair data = SyntheticShapes.generate(4, 4, 16, 24);
        InputNormalization n = InputNormalization.of(data.lineArt().data());
        Path dir = tmp.resolve(name);
        List<Path> checkpoints = List.of(dir.resolve("c10/weights"), dir.resolve("c20/weights"), dir.resolve("c30/weights"));
        try (TrainingGraph g = new TrainingGraph(new TrainingGraph.Options(config, n, 0.9f, 0.999f, 1e-7f, 1f, 3, 1,
                TinyColorizer.meanColor(data.color())))) {
            for (int step = 0; step < 30; step++) {
                g.step(data.lineArt(), data.color(), 0.01f, step, false);
                if ((step + 1) % 10 == 0) {
                    g.save(checkpoints.get(step / 10));
                }
            }
        }
        float[][] answers = new float[checkpoints.size()][];
        for (int i = 0; i < checkpoints.size(); i++) {
            Path single = dir.resolve("single" + i);
            SavedModelExporter.export(checkpoints.get(i), config, n, single.resolve(ExportedModel.SAVED_MODEL_DIR));
            ColorizerModelTest.card("s" + i, n).write(single.resolve(ExportedModel.MODEL_CARD));
            try (ColorizerModel m = ColorizerModel.load(single)) {
                answers[i] = m.predict(data.lineArt()).data();
            }
        }
        Path ensemble = dir.resolve("ensemble");
        SavedModelExporter.exportEnsemble(checkpoints, config, n, ensemble.resolve(ExportedModel.SAVED_MODEL_DIR));
        ColorizerModelTest.card("ensemble", n).write(ensemble.resolve(ExportedModel.MODEL_CARD));
        try (ColorizerModel m = ColorizerModel.load(ensemble)) {
            ImageBatch out = m.predict(data.lineArt());
            assertThat(out.channels()).isEqualTo(3);
            for (int p = 0; p < out.data().length; p += 3) {
                float mean = (answers[0][p] + answers[1][p] + answers[2][p]) / 3f;
                assertThat(out.data()[p]).as("value %d", p).isCloseTo(mean, within(1e-5f));
            }
            // ...and not simply one member's answer
            assertThat(out.data()).isNotEqualTo(answers[2]);
        }
        assertThatThrownBy(() -> SavedModelExporter.exportEnsemble(checkpoints.subList(0, 1), config, n,
                dir.resolve("one"))).hasMessageContaining("at least 2 checkpoints");
    }
}
