package org.inkflow.model.training;

import java.util.SplittableRandom;
import org.inkflow.model.serving.ImageBatch;

/**
 * Deterministic toy colorization data: filled circles and rectangles on white paper, each kind with its own color,
 * and their black outlines as the line art. A model can learn it in a few hundred steps, which makes it the fixture
 * for tests and benchmarks (no files, no network); shared through this module's test-jar.
 */
public final class SyntheticShapes {

    /** A batch of line art {@code [N,H,W,1]} and its colors {@code [N,H,W,3]}. */
    public record Pair(ImageBatch lineArt, ImageBatch color) {
    }

    private static final float[][] PALETTE = {
        {0.90f, 0.20f, 0.20f}, // circles: red
        {0.20f, 0.35f, 0.90f}, // rectangles: blue
    };

    private SyntheticShapes() {
    }

    /** {@code n} images of {@code height x width} from {@code seed}; the same arguments give the same pixels. */
    public static Pair generate(long seed, int n, int height, int width) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] line = new float[n * height * width];
        float[] color = new float[n * height * width * 3];
        for (int i = 0; i < n; i++) {
            draw(random, height, width, line, i * height * width, color, i * height * width * 3);
        }
        return new Pair(new ImageBatch(n, height, width, 1, line), new ImageBatch(n, height, width, 3, color));
    }

    private static void draw(SplittableRandom random, int h, int w, float[] line, int lineOffset, float[] color,
                             int colorOffset) {
        int[] owner = new int[h * w];
        java.util.Arrays.fill(owner, -1);
        int shapes = 1 + random.nextInt(3);
        for (int s = 0; s < shapes; s++) {
            int kind = random.nextInt(2);
            int cy = random.nextInt(h);
            int cx = random.nextInt(w);
            int ry = Math.max(2, h / 8 + random.nextInt(Math.max(1, h / 4)));
            int rx = Math.max(2, w / 8 + random.nextInt(Math.max(1, w / 4)));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double dy = (y - cy) / (double) ry;
                    double dx = (x - cx) / (double) rx;
                    boolean inside = kind == 0 ? dx * dx + dy * dy <= 1.0 : Math.abs(dx) <= 1.0 && Math.abs(dy) <= 1.0;
                    if (inside) {
                        owner[y * w + x] = kind;
                    }
                }
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int k = owner[p];
                boolean edge = false;
                if (k >= 0) {
                    edge = y == 0 || x == 0 || y == h - 1 || x == w - 1 || owner[p - w] != k || owner[p + w] != k
                            || owner[p - 1] != k || owner[p + 1] != k;
                }
                line[lineOffset + p] = edge ? 0f : 1f;
                for (int c = 0; c < 3; c++) {
                    color[colorOffset + p * 3 + c] = edge ? 0f : k < 0 ? 1f : PALETTE[k][c];
                }
            }
        }
    }
}
