package org.inkflow.evaluator.quality;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums sample scores into a split's summary and one summary per tag (a sample counts once for each of its
 * tags), for the per-tag error analysis.
 */
public final class ScoreAccumulator {

    private final Sums overall = new Sums();
    private final Map<String, Sums> byTag = new TreeMap<>();

    public void add(SampleScore score) {
        overall.add(score);
        for (String tag : score.tags()) {
            byTag.computeIfAbsent(tag, t -> new Sums()).add(score);
        }
    }

    public int count() {
        return overall.count;
    }

    public ScoreSummary summary() {
        return overall.summary();
    }

    /** Per-tag summaries, the most frequent tags first (ties by name), at most {@code limit} of them. */
    public Map<String, ScoreSummary> byTag(int limit) {
        Map<String, ScoreSummary> out = new LinkedHashMap<>();
        byTag.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Sums>>comparingInt(e -> -e.getValue().count)
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .forEach(e -> out.put(e.getKey(), e.getValue().summary()));
        return out;
    }

    private static final class Sums {
        int count;
        double l1;
        double mse;
        double psnr;
        double ssim;
        double colorfulness;
        double targetColorfulness;

        void add(SampleScore s) {
            count++;
            l1 += s.l1();
            mse += s.mse();
            psnr += Double.isNaN(s.psnr()) ? Double.NaN : Math.min(s.psnr(), ImageMetrics.PSNR_CAP_DB);
            ssim += s.ssim();
            colorfulness += s.colorfulness();
            targetColorfulness += s.targetColorfulness();
        }

        ScoreSummary summary() {
            if (count == 0) {
                return new ScoreSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            return new ScoreSummary(count, l1 / count, mse / count, psnr / count, ssim / count,
                    colorfulness / count, targetColorfulness / count);
        }
    }
}
