package org.inkflow.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.artifacts.SplitScores;
import org.inkflow.evaluator.dataset.LoadedSample;
import org.inkflow.evaluator.quality.ImageMetrics;
import org.inkflow.evaluator.quality.Ssim;
import org.junit.jupiter.api.Test;

class BaselinesAndScorerTest {

    private static final int H = 3;
    private static final int W = 5;

    /** Line art: a dark column at x = index % W; target: that column red, the rest of the paper white. */
    private static LoadedSample sample(int index, List<String> tags) {
        float[] line = new float[H * W];
        float[] target = new float[H * W * 3];
        java.util.Arrays.fill(line, 1f);
        java.util.Arrays.fill(target, 1f);
        for (int y = 0; y < H; y++) {
            int p = y * W + index % W;
            line[p] = 0.2f;
            target[p * 3] = 0.9f;
            target[p * 3 + 1] = 0.1f;
            target[p * 3 + 2] = 0.1f;
        }
        return new LoadedSample(new DatasetManifest.Sample("s" + index, "in", "t", tags, null), H, W, line, target);
    }

    @Test
    void lineCopyCopiesTheGrayToEveryChannel() {
        float[] line = {0f, 0.25f, 0.5f, 1f, 0.75f, 0.1f}; // [1,2,3,1]
        float[] rgb = new LineCopyBaseline().colorize(line, 1, 2, 3);
        assertThat(rgb).hasSize(18);
        for (int p = 0; p < 6; p++) {
            assertThat(new float[] {rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2]}).containsOnly(line[p]);
        }
        assertThatThrownBy(() -> new LineCopyBaseline().colorize(line, 1, 3, 3)).hasMessageContaining("[1,3,3,1]");
    }

    @Test
    void meanColorIsThePerPixelMeanOfTrainingTargets() {
        MeanColorBaseline.Fitter fitter = new MeanColorBaseline.Fitter();
        fitter.add(sample(0, List.of()));
        fitter.add(sample(1, List.of()));
        MeanColorBaseline mean = fitter.fit();
        float[] m = mean.mean();
        // pixel (0,0): red in sample 0, white in sample 1
        assertThat(m[0]).isCloseTo((0.9f + 1f) / 2, within(1e-6f));
        assertThat(m[1]).isCloseTo((0.1f + 1f) / 2, within(1e-6f));
        // pixel (0,4): white in both
        assertThat(m[4 * 3]).isEqualTo(1f);
        // it ignores the input and repeats the mean for every image of a batch
        float[] out = mean.colorize(new float[2 * H * W], 2, H, W);
        assertThat(java.util.Arrays.copyOfRange(out, H * W * 3, 2 * H * W * 3)).containsExactly(m);
    }

    @Test
    void meanColorResamplesForAnotherSize() {
        MeanColorBaseline mean = new MeanColorBaseline(1, 2, new float[] {0, 0, 0, 1, 1, 1});
        float[] out = mean.colorize(new float[2 * 4], 1, 2, 4); // [1,2,4,1] -> left half black, right half white
        assertThat(out).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void scorerBatchesKeepsGridAndWorstAndBreaksDownByTag() {
        Map<String, LoadedSample> data = new HashMap<>();
        List<DatasetManifest.Sample> split = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            LoadedSample s = sample(i, i < 3 ? List.of("early", "all") : List.of("all"));
            data.put(s.sample().sha256(), s);
            split.add(s.sample());
        }
        // A colorizer that is perfect except on sample 5, whose prediction is all black.
        Colorizer oracle = new Colorizer() {
            int seen;

            @Override
            public String id() {
                return "oracle";
            }

            @Override
            public float[] colorize(float[] lineArt, int n, int height, int width) {
                float[] out = new float[n * height * width * 3];
                for (int i = 0; i < n; i++, seen++) {
                    if (seen != 5) {
                        System.arraycopy(data.get("s" + seen).target(), 0, out, i * height * width * 3, height * width * 3);
                    }
                }
                return out;
            }
        };
        SplitScorer scorer = new SplitScorer(s -> data.get(s.sha256()), Ssim.STANDARD, 3);
        SplitResult result = scorer.score("validation", split, oracle, new ExampleOptions(2, 2, 10));
        assertThat(result.scores()).hasSize(7);
        assertThat(result.grid()).extracting(e -> e.score().sampleId()).containsExactly("s0", "s1");
        assertThat(result.worst()).extracting(e -> e.score().sampleId()).first().isEqualTo("s5");
        assertThat(result.worst().get(0).prediction()).containsOnly(0f);
        float[] black = new float[H * W * 3];
        double wrongL1 = ImageMetrics.l1(black, data.get("s5").target());
        assertThat(result.summary().l1()).isCloseTo(wrongL1 / 7, within(1e-9));
        // PSNR: six perfect samples at the cap, one real value
        assertThat(result.summary().psnr()).isCloseTo((6 * ImageMetrics.PSNR_CAP_DB
                + ImageMetrics.psnr(ImageMetrics.mse(black, data.get("s5").target()))) / 7, within(1e-9));
        assertThat(result.byTag()).containsOnlyKeys("all", "early");
        assertThat(result.byTag().get("early").l1()).isZero();
        assertThat(result.byTag().get("all").count()).isEqualTo(7);
        SplitScores stored = StoredScores.of(result);
        assertThat(stored.byTag().keySet()).containsExactly("all", "early");
        assertThat(StoredScores.summary(stored)).isEqualTo(result.summary());
    }

    @Test
    void ensembleAveragesItsMembers() {
        Colorizer zeros = constant("zeros", 0f);
        Colorizer ones = constant("ones", 1f);
        try (EnsembleColorizer ensemble = new EnsembleColorizer("e", List.of(zeros, ones))) {
            assertThat(ensemble.colorize(new float[2 * 3], 1, 2, 3)).hasSize(18).containsOnly(0.5f);
        }
    }

    @Test
    void aColorizerReturningTheWrongShapeIsCaught() {
        Colorizer broken = new Colorizer() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public float[] colorize(float[] lineArt, int n, int height, int width) {
                return new float[n * height * width]; // one channel instead of three
            }
        };
        LoadedSample s = sample(0, List.of());
        SplitScorer scorer = new SplitScorer(x -> s, Ssim.STANDARD, 4);
        assertThatThrownBy(() -> scorer.score("validation", List.of(s.sample()), broken, ExampleOptions.numbersOnly(1)))
                .hasMessageContaining("broken returned 15 values").hasMessageContaining("[1,3,5,3]");
    }

    private static Colorizer constant(String id, float value) {
        return new Colorizer() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public float[] colorize(float[] lineArt, int n, int height, int width) {
                float[] out = new float[n * height * width * 3];
                java.util.Arrays.fill(out, value);
                return out;
            }
        };
    }
}
