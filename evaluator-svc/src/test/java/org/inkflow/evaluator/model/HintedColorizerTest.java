package org.inkflow.evaluator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.evaluator.ShapesFixture;
import org.inkflow.evaluator.dataset.LoadedSample;
import org.inkflow.evaluator.quality.Ssim;
import org.inkflow.evaluator.scoring.Colorizer;
import org.inkflow.evaluator.scoring.ExampleOptions;
import org.inkflow.evaluator.scoring.SplitResult;
import org.inkflow.evaluator.scoring.SplitScorer;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.training.SyntheticShapes;
import org.inkflow.model.training.TinyColorizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A hint model scored with hints sampled from its targets, beside the same model without; non-square samples. */
class HintedColorizerTest {

    static Path dir;
    static ColorizerModel hintModel;
    static ColorizerModel plainModel;

    @BeforeAll
    static void export() throws Exception {
        dir = Files.createTempDirectory("inkflow-evaluator-hints-test");
        TinyColorizer.export(dir.resolve("h"), "colorizer", "h1", 7, 20, true);
        TinyColorizer.export(dir.resolve("p"), "colorizer", "p1", 7, 0);
        hintModel = ColorizerModel.load(dir.resolve("h"));
        plainModel = ColorizerModel.load(dir.resolve("p"));
    }

    @AfterAll
    static void cleanUp() {
        if (hintModel != null) {
            hintModel.close();
        }
        if (plainModel != null) {
            plainModel.close();
        }
        ShapesFixture.deleteRecursively(dir);
    }

    @Test
    void hintsComeFromEachSamplesTargetTheSameInAnyBatchAndChangeTheColors() {
        SyntheticShapes.Pair pair = SyntheticShapes.generate(11, 2, 8, 12);
        SavedModelColorizer plain = new SavedModelColorizer("colorizer/h1", hintModel);
        HintedColorizer hinted = new HintedColorizer(plain);
        assertThat(hinted.id()).isEqualTo("colorizer/h1+hints");
        float[] targets = pair.color().data();
        float[] hints = HintedColorizer.hints(targets, 2, 8, 12);
        float[] out = hinted.colorize(pair.lineArt().data(), targets, 2, 8, 12);
        assertThat(out).containsExactly(hintModel.predict(pair.lineArt(), new ImageBatch(2, 8, 12, 4, hints)).data());
        assertThat(out).isNotEqualTo(plain.colorize(pair.lineArt().data(), 2, 8, 12));
        // Without hints the hint model is fed zeros: its no-hints answer.
        assertThat(plain.colorize(pair.lineArt().data(), targets, 2, 8, 12))
                .containsExactly(hintModel.predict(pair.lineArt()).data());
        // Image 1's hints alone equal its hints in the batch; every hinted pixel has the target's color.
        float[] second = java.util.Arrays.copyOfRange(targets, 8 * 12 * 3, 2 * 8 * 12 * 3);
        float[] alone = HintedColorizer.hints(second, 1, 8, 12);
        assertThat(alone).containsExactly(java.util.Arrays.copyOfRange(hints, 8 * 12 * 4, 2 * 8 * 12 * 4));
        int marked = 0;
        for (int p = 0; p < 8 * 12; p++) {
            if (alone[p * 4 + 3] == 1f) {
                marked++;
                assertThat(alone[p * 4]).isEqualTo(second[p * 3]);
            }
        }
        assertThat(marked).as("the hinted pass always has hints").isPositive();
        // Padded sizes: the padding gets no hint, and the crop has the sample's size.
        SyntheticShapes.Pair odd = SyntheticShapes.generate(12, 1, 6, 10);
        assertThat(hinted.colorize(odd.lineArt().data(), odd.color().data(), 1, 6, 10)).hasSize(6 * 10 * 3);
    }

    @Test
    void theScorerGivesTheHintedPassItsTargetsAndAModelWithoutHintsHasNoHintedPass() {
        Map<String, LoadedSample> data = new HashMap<>();
        List<DatasetManifest.Sample> split = new ArrayList<>();
        SyntheticShapes.Pair pair = SyntheticShapes.generate(13, 3, 8, 12);
        for (int i = 0; i < 3; i++) {
            DatasetManifest.Sample s = new DatasetManifest.Sample("sha" + i + "0123456789abcdef", "in", "t", List.of(),
                    null);
            data.put(s.sha256(), new LoadedSample(s, 8, 12, pair.lineArt().image(i), pair.color().image(i)));
            split.add(s);
        }
        SplitScorer scorer = new SplitScorer(s -> data.get(s.sha256()), Ssim.STANDARD, 2);
        SavedModelColorizer plain = new SavedModelColorizer("colorizer/h1", hintModel);
        Map<String, SplitResult> results = scorer.score("test", split,
                List.<Colorizer>of(plain, new HintedColorizer(plain)), ExampleOptions.numbersOnly(5));
        assertThat(results).containsOnlyKeys("colorizer/h1", "colorizer/h1+hints");
        assertThat(results.get("colorizer/h1+hints").summary().count()).isEqualTo(3);
        assertThat(results.get("colorizer/h1+hints").summary().l1())
                .isNotEqualTo(results.get("colorizer/h1").summary().l1());
        assertThatThrownBy(() -> new HintedColorizer(new SavedModelColorizer("colorizer/p1", plainModel)))
                .hasMessageContaining("takes no color hints");
    }
}
