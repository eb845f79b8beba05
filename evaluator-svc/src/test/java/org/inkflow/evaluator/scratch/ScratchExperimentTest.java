package org.inkflow.evaluator.scratch;

import java.util.ArrayList;
import java.util.List;
import org.inkflow.evaluator.dataset.DatasetSample;
import org.inkflow.evaluator.dataset.LoadedSample;
import org.inkflow.evaluator.metrics.Ssim;
import org.inkflow.evaluator.scoring.*;
import org.inkflow.model.*;
import org.junit.jupiter.api.Test;

class ScratchExperimentTest {
    @Test
    void experiment() throws Exception {
        int n = 24, h = 16, w = 24;
        List<DatasetSample> samples = new ArrayList<>();
        java.util.Map<String, LoadedSample> loaded = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            SyntheticShapes.Pair pair = SyntheticShapes.generate(10500 + i, 1, h, w);
            DatasetSample s = new DatasetSample("s" + i, "i", "t", List.of("t"), null);
            samples.add(s);
            loaded.put("s" + i, new LoadedSample(s, h, w, pair.lineArt().image(0), pair.color().image(0)));
        }
        SplitScorer scorer = new SplitScorer(s -> loaded.get(s.sha256()), Ssim.STANDARD, 8);
        System.out.println("line-copy " + scorer.score("validation", samples, new LineCopyBaseline(), ExampleOptions.numbersOnly(5)).summary().l1());
        for (int width : new int[] {4}) {
          for (long seed : new long[] {1, 3}) { for (float lr : new float[] {0.003f, 0.01f}) {
            SyntheticShapes.Pair data = SyntheticShapes.generate(seed * 1000, 16, h, w);
            InputNormalization norm = InputNormalization.of(data.lineArt().data());
            long t0 = System.nanoTime();
            try (TrainingGraph g = new TrainingGraph(TrainingGraph.Options.defaults(UNetConfig.defaults().withWidth(width).withLoss(UNetConfig.Loss.MSE), norm, seed))) {
                for (int step = 0; step < 301; step++) {
                    g.step(data.lineArt(), data.color(), lr, step, false);
                    if (step % 100 == 0) {
                        final TrainingGraph gg = g;
                        Colorizer c = new Colorizer() { public String id() { return "g"; }
                            public float[] colorize(float[] l, int nn, int hh, int ww) { return gg.predict(new ImageBatch(nn, hh, ww, 1, l)).data(); } };
                        System.out.println("width " + width + " lr " + lr + " seed " + seed + " step " + step + " t=" + (System.nanoTime() - t0) / 1e9 + " l1=" + scorer.score("validation", samples, c, ExampleOptions.numbersOnly(5)).summary().l1());
                    }
                }
            }
          }}
        }
    }
}
