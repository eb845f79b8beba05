package org.inkflow.evaluator.bench;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.inkflow.evaluator.quality.DirectSsim;
import org.inkflow.evaluator.quality.SampleScore;
import org.inkflow.evaluator.quality.Ssim;

/**
 * SSIM throughput at 64x64 and 256x256 (images/s and megapixels/s), the full per-sample scoring (L1, MSE, PSNR,
 * SSIM, colorfulness of both images) at both sizes, and the separable implementation against the direct 2-D
 * window in the same process. Run by {@code bench/evaluator.sh}; prints ratios, which survive a slower machine.
 * The cases run interleaved in rounds and each keeps its best round, so load from other processes on a shared
 * machine skews the ratios less than it skews the absolute numbers.
 */
public final class EvaluatorBench {

    private EvaluatorBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        int rounds = 5;
        double ssim64 = 0;
        double ssim256 = 0;
        double score64 = 0;
        double score256 = 0;
        double direct64 = 0;
        for (int round = 0; round < rounds; round++) {
            double slice = seconds / rounds;
            ssim64 = Math.max(ssim64, imagesPerSecond(64, slice, Kind.SSIM));
            ssim256 = Math.max(ssim256, imagesPerSecond(256, slice, Kind.SSIM));
            score64 = Math.max(score64, imagesPerSecond(64, slice, Kind.SAMPLE_SCORE));
            score256 = Math.max(score256, imagesPerSecond(256, slice, Kind.SAMPLE_SCORE));
            direct64 = Math.max(direct64, imagesPerSecond(64, slice, Kind.DIRECT_SSIM));
        }
        print("ssim 64x64", ssim64, 64);
        print("ssim 256x256", ssim256, 256);
        print("sample score 64x64", score64, 64);
        print("sample score 256x256", score256, 256);
        print("direct 2-D window ssim 64x64 (reference)", direct64, 64);
        System.out.printf(Locale.ROOT, "ratio ssim images/s 64 vs 256: %.1f (16 would mean cost grows exactly with"
                + " pixels)%n", ssim64 / ssim256);
        System.out.printf(Locale.ROOT, "ratio ssim pixel throughput 256 vs 64: %.2f%n",
                ssim256 * 256 * 256 / (ssim64 * 64 * 64));
        System.out.printf(Locale.ROOT, "ratio separable vs direct ssim at 64: %.1fx faster%n", ssim64 / direct64);
        System.out.printf(Locale.ROOT, "ratio ssim time share of a sample's scoring at 256: %.0f%%%n",
                100.0 * score256 / ssim256);
    }

    private enum Kind { SSIM, SAMPLE_SCORE, DIRECT_SSIM }

    private static double imagesPerSecond(int size, double seconds, Kind kind) {
        float[] a = random(size * size * 3, 1);
        float[] b = random(size * size * 3, 2);
        long warmupEnd = System.nanoTime() + (long) (seconds * 0.3e9);
        while (System.nanoTime() < warmupEnd) {
            run(kind, a, b, size);
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int images = 0;
        double sink = 0;
        while (System.nanoTime() < end || images < 3) {
            sink += run(kind, a, b, size);
            images++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("benchmark produced NaN");
        }
        return images / elapsed;
    }

    private static double run(Kind kind, float[] a, float[] b, int size) {
        return switch (kind) {
            case SSIM -> Ssim.STANDARD.compute(a, b, size, size, 3);
            case SAMPLE_SCORE -> SampleScore.of("x", List.of(), a, b, size, size, Ssim.STANDARD).ssim();
            case DIRECT_SSIM -> DirectSsim.compute(a, b, size, size, 3, 11, 1.5);
        };
    }

    private static void print(String name, double imagesPerSecond, int size) {
        System.out.printf(Locale.ROOT, "%-44s %10.1f images/s %8.2f Mpixel/s%n", name, imagesPerSecond,
                imagesPerSecond * size * size / 1e6);
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextFloat();
        }
        return out;
    }
}
