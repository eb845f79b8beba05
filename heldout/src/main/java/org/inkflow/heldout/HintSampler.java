package org.inkflow.heldout;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Colour hints sampled from the target, in the {@code /colorize} hints contract: a PNG of the drawing's size,
 * transparent where there is no hint. {@code points} dots of {@code (2 * radius + 1)^2} pixels, each opaque in the
 * target's colour at its centre, centred on pixels that are paper in the line art and not white in the target (a
 * fill, not a line or the background), chosen by a seeded generator so a set's hints are the same on every run.
 */
public final class HintSampler {

    /** Target pixels whose every channel is at least this are background, not a fill worth a hint. */
    static final float WHITE = 0.95f;
    /** Line-art values below this are ink. */
    static final float INK = 0.5f;

    private final int points;
    private final int radius;

    public HintSampler(int points, int radius) {
        if (points < 1 || radius < 0) {
            throw new IllegalArgumentException("hints need at least 1 point and a radius >= 0; got " + points
                    + " points, radius " + radius);
        }
        this.points = points;
        this.radius = radius;
    }

    /** The hints of one pair, {@code TYPE_INT_ARGB}; fully transparent when the target has no fill. */
    public BufferedImage sample(HeldoutPair pair, long seed) {
        int size = pair.size();
        float[] rgb = pair.target(); // [H,W,3]
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < size * size; i++) {
            boolean white = rgb[3 * i] >= WHITE && rgb[3 * i + 1] >= WHITE && rgb[3 * i + 2] >= WHITE;
            if (!white && pair.lineArt()[i] >= INK) {
                candidates.add(i);
            }
        }
        BufferedImage hints = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB); // all 0: transparent
        SplittableRandom random = new SplittableRandom(seed);
        for (int p = 0; p < points && !candidates.isEmpty(); p++) {
            int centre = candidates.remove(random.nextInt(candidates.size()));
            int argb = 0xff000000 | (toByte(rgb[3 * centre]) << 16) | (toByte(rgb[3 * centre + 1]) << 8)
                    | toByte(rgb[3 * centre + 2]);
            int cx = centre % size;
            int cy = centre / size;
            for (int y = Math.max(0, cy - radius); y <= Math.min(size - 1, cy + radius); y++) {
                for (int x = Math.max(0, cx - radius); x <= Math.min(size - 1, cx + radius); x++) {
                    hints.setRGB(x, y, argb);
                }
            }
        }
        return hints;
    }

    private static int toByte(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
