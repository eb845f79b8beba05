package org.inkflow.evaluator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.inkflow.evaluator.ShapesFixture;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.training.SyntheticShapes;
import org.inkflow.model.training.TinyColorizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real exported SavedModel scored through model-serving, on sizes it cannot take as they are. */
class SavedModelColorizerTest {

    static Path dir;
    static ColorizerModel model;

    @BeforeAll
    static void export() throws Exception {
        dir = Files.createTempDirectory("inkflow-evaluator-model-test");
        TinyColorizer.export(dir.resolve("m"), "colorizer", "t1", 7, 0);
        model = ColorizerModel.load(dir.resolve("m"));
    }

    @AfterAll
    static void cleanUp() {
        if (model != null) {
            model.close();
        }
        ShapesFixture.deleteRecursively(dir);
    }

    @Test
    void sizesThatAreMultiplesGoStraightThrough() {
        SyntheticShapes.Pair pair = SyntheticShapes.generate(3, 2, 8, 12);
        float[] out = new SavedModelColorizer("c/t1", model).colorize(pair.lineArt().data(), 2, 8, 12);
        assertThat(out).containsExactly(model.predict(pair.lineArt()).data());
    }

    @Test
    void otherSizesArePaddedWithPaperAndCroppedBack() {
        int h = 6;
        int w = 10; // multiples of 4 are 8 x 12
        SyntheticShapes.Pair pair = SyntheticShapes.generate(5, 2, h, w);
        float[] out = new SavedModelColorizer("c/t1", model).colorize(pair.lineArt().data(), 2, h, w);
        assertThat(out).hasSize(2 * h * w * 3);
        // The same padding done by hand: white paper right and below, then the top-left crop.
        float[] padded = new float[2 * 8 * 12];
        java.util.Arrays.fill(padded, 1f);
        for (int i = 0; i < 2; i++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(pair.lineArt().data(), (i * h + y) * w, padded, (i * 8 + y) * 12, w);
            }
        }
        float[] full = model.predict(new ImageBatch(2, 8, 12, 1, padded)).data();
        for (int i = 0; i < 2; i++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        assertThat(out[((i * h + y) * w + x) * 3 + c])
                                .isEqualTo(full[((i * 8 + y) * 12 + x) * 3 + c]);
                    }
                }
            }
        }
    }
}
