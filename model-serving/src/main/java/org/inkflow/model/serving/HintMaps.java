package org.inkflow.model.serving;

import java.util.SplittableRandom;

/**
 * Color hints, the optional second input of a hint model ({@link ExportedModel#HINTS}): {@code [N,H,W,4]}, per pixel
 * R, G, B in [0,1] and a mask (1 where a hint is, 0 elsewhere; all zeros = no hints). The checks every service applies
 * to a given hint map, and the sampling of hints from a color target that training, validation and the evaluator share
 * (so a model is scored on hints like the ones it learned from): a few short strokes, each a line of small disks that
 * take the target's color at every pixel they cover; part of the time none at all, so the model still colors
 * without hints. Deterministic: the same target and seed give the same hints.
 */
public final class HintMaps {

    /**
     * How hints are sampled: {@code noneFraction} of the samples get no hint at all; the others get 1 to
     * {@code maxStrokes} strokes of up to {@code maxStrokeLength} pixels (0 = a point), disks of {@code radius}.
     */
    public record Sampling(double noneFraction, int maxStrokes, int maxStrokeLength, int radius) {

        public Sampling {
            if (!(noneFraction >= 0 && noneFraction <= 1)) {
                throw new IllegalArgumentException("noneFraction must be in [0,1]; got " + noneFraction);
            }
            if (maxStrokes < 1 || maxStrokeLength < 0 || radius < 0) {
                throw new IllegalArgumentException("hint sampling needs maxStrokes >= 1, maxStrokeLength >= 0 and"
                        + " radius >= 0; got " + maxStrokes + ", " + maxStrokeLength + ", " + radius);
            }
        }

        /**
         * Training's sampling: 30 % of the samples without hints, the others 1 to 8 strokes of up to 8 pixels, 5 pixels
         * wide (radius 2). Sparser hints (half without, radius 1) were not picked up by a small U-Net in 400 steps on
         * the toy task of {@code ColorHintsTest}; these were.
         */
        public static Sampling training() {
            return new Sampling(0.3, 8, 8, 2);
        }

        /** The same strokes, on every sample (the evaluator's "with hints" score). */
        public Sampling always() {
            return new Sampling(0, maxStrokes, maxStrokeLength, radius);
        }
    }

    private HintMaps() {
    }

    /**
     * Hints {@code [H,W,4]} sampled from one color target {@code [H,W,3]} (row-major) with {@code random}: either none
     * (all zeros) or strokes in the target's colors.
     */
    public static float[] sample(float[] color, int height, int width, SplittableRandom random, Sampling sampling) {
        if (color.length != height * width * 3) {
            throw new IllegalArgumentException("color target of " + color.length + " values is not " + width + "x"
                    + height + "x3");
        }
        float[] hints = new float[height * width * 4];
        if (random.nextDouble() < sampling.noneFraction()) {
            return hints;
        }
        int strokes = 1 + random.nextInt(sampling.maxStrokes());
        for (int s = 0; s < strokes; s++) {
            double x = random.nextInt(width);
            double y = random.nextInt(height);
            int length = sampling.maxStrokeLength() == 0 ? 0 : random.nextInt(sampling.maxStrokeLength() + 1);
            double angle = random.nextDouble() * 2 * Math.PI;
            double dx = Math.cos(angle);
            double dy = Math.sin(angle);
            for (int t = 0; t <= length; t++) {
                disk(color, hints, height, width, (int) Math.round(x + t * dx), (int) Math.round(y + t * dy),
                        sampling.radius());
            }
        }
        return hints;
    }

    /** Hints for a batch of targets {@code [N,H,W,3]}: image {@code i} from the seed {@code mix(seed, i)}. */
    public static ImageBatch sample(ImageBatch colors, long seed, Sampling sampling) {
        if (colors.channels() != 3) {
            throw new IllegalArgumentException("hints are sampled from RGB targets; got " + colors);
        }
        float[] data = new float[colors.n() * colors.height() * colors.width() * 4];
        for (int i = 0; i < colors.n(); i++) {
            float[] one = sample(colors.image(i), colors.height(), colors.width(),
                    new SplittableRandom(mix(seed, i)), sampling);
            System.arraycopy(one, 0, data, i * one.length, one.length);
        }
        return new ImageBatch(colors.n(), colors.height(), colors.width(), 4, data);
    }

    private static void disk(float[] color, float[] hints, int height, int width, int cx, int cy, int radius) {
        for (int y = cy - radius; y <= cy + radius; y++) {
            for (int x = cx - radius; x <= cx + radius; x++) {
                if (y < 0 || y >= height || x < 0 || x >= width
                        || (x - cx) * (x - cx) + (y - cy) * (y - cy) > radius * radius) {
                    continue;
                }
                int p = y * width + x;
                hints[p * 4] = color[p * 3];
                hints[p * 4 + 1] = color[p * 3 + 1];
                hints[p * 4 + 2] = color[p * 3 + 2];
                hints[p * 4 + 3] = 1f;
            }
        }
    }

    /**
     * Checks a hint map against its line art: {@code [N,H,W,4]} with the line art's N, H and W, finite values in
     * [0,1]. The message says what to send instead.
     */
    public static void check(ImageBatch lineArt, ImageBatch hints) {
        if (hints.channels() != ExportedModel.HINT_CHANNELS) {
            throw new IllegalArgumentException("hints must have " + ExportedModel.HINT_CHANNELS
                    + " channels (R, G, B, mask: [N,H,W,4]); got " + hints.channels() + " channels in " + hints);
        }
        if (hints.n() != lineArt.n() || hints.height() != lineArt.height() || hints.width() != lineArt.width()) {
            throw new IllegalArgumentException("hints " + hints + " must have the line art's N, H and W "
                    + lineArt + " (shape [" + lineArt.n() + "," + lineArt.height() + "," + lineArt.width() + ",4])");
        }
        for (float v : hints.data()) {
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException("hints must hold values in [0,1] (RGB, and a mask of 0 or 1); got "
                        + v);
            }
        }
    }

    /** Whether a hint map holds no hint (every mask value 0). */
    public static boolean empty(ImageBatch hints) {
        float[] d = hints.data();
        for (int i = 3; i < d.length; i += 4) {
            if (d[i] != 0f) {
                return false;
            }
        }
        return true;
    }

    /** SplitMix64's finalizer over a seed and a value: independent streams per sample. */
    public static long mix(long seed, long value) {
        long z = seed * 0x9E3779B97F4A7C15L + value * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
