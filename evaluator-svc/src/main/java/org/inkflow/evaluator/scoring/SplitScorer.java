package org.inkflow.evaluator.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.evaluator.dataset.LoadedSample;
import org.inkflow.evaluator.dataset.SampleSource;
import org.inkflow.evaluator.quality.SampleScore;
import org.inkflow.evaluator.quality.ScoreAccumulator;
import org.inkflow.evaluator.quality.Ssim;

/**
 * Runs colorizers over a split in batches and scores every prediction against its target. Each sample is loaded
 * once per pass however many colorizers are scored, so a baseline pass costs one read of the split.
 */
public final class SplitScorer {

    private final SampleSource source;
    private final Ssim ssim;
    private final int batchSize;

    public SplitScorer(SampleSource source, Ssim ssim, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1; got " + batchSize);
        }
        this.source = source;
        this.ssim = ssim;
        this.batchSize = batchSize;
    }

    public SplitResult score(String split, List<DatasetManifest.Sample> samples, Colorizer colorizer, ExampleOptions options) {
        return score(split, samples, List.of(colorizer), options).get(colorizer.id());
    }

    /** Scores each colorizer on {@code samples}; the result maps colorizer id to its split result. */
    public Map<String, SplitResult> score(String split, List<DatasetManifest.Sample> samples, List<Colorizer> colorizers,
                                          ExampleOptions options) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("split '" + split + "' has no samples to score");
        }
        List<Pass> passes = colorizers.stream().map(c -> new Pass(c, options)).toList();
        List<LoadedSample> batch = new ArrayList<>();
        for (DatasetManifest.Sample sample : samples) {
            LoadedSample loaded = source.load(sample);
            if (!batch.isEmpty() && (batch.size() == batchSize || loaded.height() != batch.get(0).height()
                    || loaded.width() != batch.get(0).width())) {
                run(batch, passes);
                batch.clear();
            }
            batch.add(loaded);
        }
        run(batch, passes);
        Map<String, SplitResult> out = new LinkedHashMap<>();
        for (Pass pass : passes) {
            out.put(pass.colorizer.id(), pass.result(split));
        }
        return out;
    }

    private void run(List<LoadedSample> batch, List<Pass> passes) {
        int n = batch.size();
        int h = batch.get(0).height();
        int w = batch.get(0).width();
        int plane = h * w;
        float[] lineArt = new float[n * plane]; // [N,H,W,1] line art in [0,1]
        float[] targets = new float[n * plane * 3]; // [N,H,W,3] what hint-sampling colorizers sample from
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.get(i).lineArt(), 0, lineArt, i * plane, plane);
            System.arraycopy(batch.get(i).target(), 0, targets, i * plane * 3, plane * 3);
        }
        for (Pass pass : passes) {
            float[] rgb = pass.colorizer.colorize(lineArt, targets, n, h, w); // [N,H,W,3]
            if (rgb.length != n * plane * 3) {
                throw new IllegalStateException(pass.colorizer.id() + " returned " + rgb.length + " values for a ["
                        + n + "," + h + "," + w + ",1] batch; expected [" + n + "," + h + "," + w + ",3] = "
                        + n * plane * 3);
            }
            for (int i = 0; i < n; i++) {
                float[] prediction = new float[plane * 3];
                System.arraycopy(rgb, i * plane * 3, prediction, 0, plane * 3);
                LoadedSample sample = batch.get(i);
                pass.add(sample, prediction, SampleScore.of(sample.sample().sha256(), sample.sample().tags(),
                        prediction, sample.target(), h, w, ssim));
            }
        }
    }

    private static final class Pass {
        // NaN compares greater than any number, so a sample the model broke on is among the worst.
        private static final Comparator<ScoredExample> BY_L1 = Comparator.comparingDouble(e -> e.score().l1());

        final Colorizer colorizer;
        final ExampleOptions options;
        final ScoreAccumulator accumulator = new ScoreAccumulator();
        final List<SampleScore> scores = new ArrayList<>();
        final List<ScoredExample> grid = new ArrayList<>();
        final PriorityQueue<ScoredExample> worst = new PriorityQueue<>(BY_L1);

        Pass(Colorizer colorizer, ExampleOptions options) {
            this.colorizer = colorizer;
            this.options = options;
        }

        void add(LoadedSample sample, float[] prediction, SampleScore score) {
            accumulator.add(score);
            scores.add(score);
            ScoredExample example = new ScoredExample(sample, prediction, score);
            if (grid.size() < options.gridSamples()) {
                grid.add(example);
            }
            if (options.worstK() > 0) {
                worst.add(example);
                if (worst.size() > options.worstK()) {
                    worst.poll();
                }
            }
        }

        SplitResult result(String split) {
            List<ScoredExample> worstFirst = new ArrayList<>(worst);
            worstFirst.sort(BY_L1.reversed());
            return new SplitResult(colorizer.id(), split, accumulator.summary(),
                    accumulator.byTag(options.tagLimit()), scores, grid, worstFirst);
        }
    }
}
