package org.inkflow.heldout;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.inkflow.evaluator.quality.SampleScore;
import org.inkflow.evaluator.quality.ScoreAccumulator;
import org.inkflow.evaluator.quality.ScoreSummary;
import org.inkflow.evaluator.quality.Ssim;

/**
 * Scores colorizers on a held-out set with the evaluator's metrics (mean PSNR and SSIM per sample, SSIM with the
 * evaluator's 11x11 Gaussian window), beside line-copy on the same pairs, and the gains over it. With
 * {@code hintPoints > 0} every colorizer that takes hints gets a second row with hints sampled from the target
 * ({@link HintSampler}, seeded per pair so every run sends the same hints).
 */
public final class HeldoutScorer {

    /** One row of the table: a colorizer at a size, with or without hints, beside line-copy on the same pairs. */
    public record Row(int size, String colorizer, int hintPoints, ScoreSummary scores, ScoreSummary lineCopy) {

        public double psnrGain() {
            return scores.psnr() - lineCopy.psnr();
        }

        public double ssimGain() {
            return scores.ssim() - lineCopy.ssim();
        }
    }

    private final HintSampler hints;
    private final int hintPoints;
    private final long seed;

    /** {@code hintPoints} 0: no "with hints" rows. */
    public HeldoutScorer(int hintPoints, int hintRadius, long seed) {
        this.hintPoints = hintPoints;
        this.hints = hintPoints > 0 ? new HintSampler(hintPoints, hintRadius) : null;
        this.seed = seed;
    }

    /** Rows for every colorizer (line-copy first, as its own row) at {@code size}. */
    public List<Row> score(List<HeldoutPair> pairs, int size, List<PairColorizer> colorizers) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no pairs at " + size + " px to score");
        }
        ScoreAccumulator lineCopy = new ScoreAccumulator();
        PairColorizer copy = PairColorizer.lineCopy();
        for (HeldoutPair pair : pairs) {
            lineCopy.add(score(pair, copy.colorize(pair, null)));
        }
        ScoreSummary base = lineCopy.summary();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(size, copy.id(), 0, base, base));
        for (PairColorizer colorizer : colorizers) {
            rows.add(new Row(size, colorizer.id(), 0, run(pairs, colorizer, false), base));
            if (hints != null && colorizer.takesHints()) {
                rows.add(new Row(size, colorizer.id(), hintPoints, run(pairs, colorizer, true), base));
            }
        }
        return rows;
    }

    private ScoreSummary run(List<HeldoutPair> pairs, PairColorizer colorizer, boolean withHints) {
        ScoreAccumulator acc = new ScoreAccumulator();
        for (int i = 0; i < pairs.size(); i++) {
            HeldoutPair pair = pairs.get(i);
            BufferedImage hintMap = withHints ? hints.sample(pair, seed + i) : null;
            acc.add(score(pair, colorizer.colorize(pair, hintMap)));
        }
        return acc.summary();
    }

    private static SampleScore score(HeldoutPair pair, float[] prediction) {
        return SampleScore.of(pair.name(), List.of(), prediction, pair.target(), pair.size(), pair.size(), Ssim.STANDARD);
    }

    /** The rows as a Markdown table. */
    public static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder(
                "| size | colorizer | hints | pairs | PSNR dB | SSIM | line-copy PSNR dB | line-copy SSIM | PSNR gain dB | SSIM gain |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %d | %s | %s | %d | %.2f | %.4f | %.2f | %.4f | %+.2f | %+.4f |%n",
                    r.size(), r.colorizer(), r.hintPoints() == 0 ? "none" : r.hintPoints() + " points",
                    r.scores().count(), r.scores().psnr(), r.scores().ssim(), r.lineCopy().psnr(), r.lineCopy().ssim(),
                    r.psnrGain(), r.ssimGain()));
        }
        return out.toString();
    }
}
