package org.inkflow.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.inkflow.trainer.training.ShapesData;
import org.junit.jupiter.api.Test;

class InputPipelineTest {

    private static final ShapesData DATA = new ShapesData(2, 10, 1, 16, 24);

    private static List<InputPipeline.Batch> batches(int threads, long start, int count, int batch, boolean augment) {
        InputPipeline.Settings s = new InputPipeline.Settings(batch, 9, augment, augment ? 2 : 0, threads, 3, 100);
        List<InputPipeline.Batch> out = new ArrayList<>();
        try (InputPipeline p = new InputPipeline(DATA.train, DATA, 16, 24, s, start)) {
            for (int i = 0; i < count; i++) {
                out.add(p.next());
            }
        }
        return out;
    }

    @Test
    void batchesDependOnlyOnSeedAndStepNotOnThreads() {
        List<InputPipeline.Batch> one = batches(1, 0, 8, 4, true);
        List<InputPipeline.Batch> three = batches(3, 0, 8, 4, true);
        for (int i = 0; i < 8; i++) {
            assertThat(three.get(i).lineArt()).isEqualTo(one.get(i).lineArt());
            assertThat(three.get(i).color()).isEqualTo(one.get(i).color());
        }
        // Resuming at step 5 gives the uninterrupted run's batch 5.
        assertThat(batches(2, 5, 1, 4, true).get(0).color()).isEqualTo(one.get(5).color());
        assertThat(one.get(0).lineArt().shape()).containsExactly(4, 16, 24, 1);
        assertThat(one.get(0).color().shape()).containsExactly(4, 16, 24, 3);
    }

    @Test
    void hintsComeFromTheAugmentedTargetAndResumeLikeTheBatches() {
        InputPipeline.Settings s = new InputPipeline.Settings(4, 9, true, 2, 2, 3, 100, true);
        List<InputPipeline.Batch> run = new ArrayList<>();
        try (InputPipeline p = new InputPipeline(DATA.train, DATA, 16, 24, s, 0)) {
            for (int i = 0; i < 6; i++) {
                run.add(p.next());
            }
        }
        try (InputPipeline p = new InputPipeline(DATA.train, DATA, 16, 24, s, 4)) {
            assertThat(p.next().hints()).isEqualTo(run.get(4).hints());
        }
        int none = 0;
        for (InputPipeline.Batch b : run) {
            assertThat(b.hints().shape()).containsExactly(4, 16, 24, 4);
            for (int i = 0; i < b.hints().n(); i++) {
                float[] hints = b.hints().image(i);
                float[] color = b.color().image(i);
                boolean any = false;
                for (int p = 0; p < 16 * 24; p++) {
                    if (hints[p * 4 + 3] == 1f) {
                        any = true;
                        // The hint is the (flipped, shifted) target's color at that pixel.
                        assertThat(new float[] {hints[p * 4], hints[p * 4 + 1], hints[p * 4 + 2]})
                                .containsExactly(color[p * 3], color[p * 3 + 1], color[p * 3 + 2]);
                    } else {
                        assertThat(hints[p * 4]).isZero();
                    }
                }
                none += any ? 0 : 1;
            }
        }
        // 24 samples, 30 % drawn without hints: some without, most with.
        assertThat(none).isBetween(1, 16);
        assertThat(batches(1, 0, 1, 4, true).get(0).hints()).isNull();
    }

    @Test
    void hueRotationTurnsTheTargetNotTheLineArtAndTheHintsFollowIt() {
        // No flip or shift: the rotated batch differs from the plain one by the hue turn alone.
        InputPipeline.Settings plain = new InputPipeline.Settings(4, 9, false, 0, 1, 3, 100, true, 0);
        InputPipeline.Settings turned = new InputPipeline.Settings(4, 9, false, 0, 1, 3, 100, true, 90);
        InputPipeline.Batch a;
        InputPipeline.Batch b;
        try (InputPipeline p = new InputPipeline(DATA.train, DATA, 16, 24, plain, 0)) {
            a = p.next();
        }
        try (InputPipeline p = new InputPipeline(DATA.train, DATA, 16, 24, turned, 0)) {
            b = p.next();
        }
        assertThat(b.lineArt()).isEqualTo(a.lineArt());
        assertThat(b.color().data()).isNotEqualTo(a.color().data());
        int coloured = 0;
        for (int i = 0; i < 4; i++) {
            float[] before = a.color().image(i);
            float[] after = b.color().image(i);
            float[] hints = b.hints().image(i);
            for (int p = 0; p < 16 * 24; p++) {
                float max = Math.max(before[3 * p], Math.max(before[3 * p + 1], before[3 * p + 2]));
                float min = Math.min(before[3 * p], Math.min(before[3 * p + 1], before[3 * p + 2]));
                if (max == min) {
                    // Paper, ink and gray keep their values exactly.
                    assertThat(new float[] {after[3 * p], after[3 * p + 1], after[3 * p + 2]})
                            .containsExactly(before[3 * p], before[3 * p + 1], before[3 * p + 2]);
                } else {
                    coloured++;
                }
                if (hints[p * 4 + 3] == 1f) {
                    // A hint carries the turned target's colour, not the original's.
                    assertThat(new float[] {hints[p * 4], hints[p * 4 + 1], hints[p * 4 + 2]})
                            .containsExactly(after[3 * p], after[3 * p + 1], after[3 * p + 2]);
                }
            }
        }
        assertThat(coloured).isPositive();
        // The same seed and step turn by the same angle: resuming repeats the batch.
        try (InputPipeline p = new InputPipeline(DATA.train, DATA, 16, 24, turned, 0)) {
            assertThat(p.next().color()).isEqualTo(b.color());
        }
        assertThatThrownBy(() -> new InputPipeline.Settings(4, 9, false, 0, 1, 3, 100, true, 200))
                .hasMessageContaining("between 0 (off) and 180 degrees");
    }

    @Test
    void everyEpochVisitsEverySampleOnceInANewOrder() {
        // 10 samples, batches of 5: two batches per epoch; without augmentation a sample is recognizable.
        List<InputPipeline.Batch> b = batches(1, 0, 4, 5, false);
        List<String> epoch0 = ids(b.get(0), b.get(1));
        List<String> epoch1 = ids(b.get(2), b.get(3));
        assertThat(new HashSet<>(epoch0)).hasSize(10);
        assertThat(new HashSet<>(epoch1)).isEqualTo(new HashSet<>(epoch0));
        assertThat(epoch1).isNotEqualTo(epoch0);
        assertThat(b.get(3).epoch()).isEqualTo(1);
    }

    @Test
    void aSplitSmallerThanABatchStillFillsBatches() {
        ShapesData tiny = new ShapesData(3, 3, 1, 16, 24);
        InputPipeline.Settings s = new InputPipeline.Settings(8, 1, true, 1, 1, 2, 10);
        try (InputPipeline p = new InputPipeline(tiny.train, tiny, 16, 24, s, 0)) {
            assertThat(p.next().lineArt().n()).isEqualTo(8);
        }
    }

    @Test
    void undecodableSamplesFailWithTheirId() {
        SampleSource broken = ref -> new SampleSource.EncodedSample(new byte[] {1, 2, 3}, new byte[] {4});
        InputPipeline.Settings s = new InputPipeline.Settings(2, 1, false, 0, 1, 2, 10);
        try (InputPipeline p = new InputPipeline(DATA.train, broken, 16, 24, s, 0)) {
            assertThatThrownBy(p::next).hasMessageContaining("cannot be decoded");
        }
        assertThatThrownBy(() -> new InputPipeline(List.of(), DATA, 16, 24, s, 0)).hasMessageContaining("empty");
    }

    private static List<String> ids(InputPipeline.Batch... batches) {
        List<String> out = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (InputPipeline.Batch b : batches) {
            for (int i = 0; i < b.lineArt().n(); i++) {
                out.add(Integer.toHexString(Arrays.hashCode(b.lineArt().image(i))));
            }
        }
        known.addAll(out);
        return out;
    }
}
