package org.inkflow.model.serving;

/**
 * Runs a freshly loaded colorizer on a synthetic drawing before it serves, as TensorFlow Serving's warm-up does: the
 * first calls allocate the graph's buffers, so no user request pays for them, and a model that answers with the
 * wrong shape or with values outside [0,1] (NaN included) is refused instead of served.
 */
public final class WarmUp {

    /** A model under warm-up: line art {@code [n, height, width, 1]} in, RGB {@code [n, height, width, 3]} out. */
    @FunctionalInterface
    public interface Colorizing {
        float[] predict(int n, int height, int width, float[] lineArt);
    }

    /** How far outside [0,1] an output may stray (float rounding in the last sigmoid). */
    private static final float TOLERANCE = 1e-3f;

    private final int[] batchSizes;

    /** @param batchSizes the batch sizes to run once each, e.g. 1 and the batcher's maximum */
    public WarmUp(int... batchSizes) {
        this.batchSizes = batchSizes.clone();
    }

    /**
     * Runs {@code model} once per batch size on a square drawing of about {@code imageSize} pixels a side (rounded
     * down to a multiple of {@code sizeMultiple}, at least one multiple); {@code what} names it in the errors,
     * e.g. {@code "model colorizer 3"}.
     *
     * @throws IllegalStateException when the answer has the wrong size or a value outside [0,1]
     */
    public void check(String what, int imageSize, int sizeMultiple, Colorizing model) {
        int side = Math.max(sizeMultiple, imageSize / sizeMultiple * sizeMultiple);
        float[] drawing = drawing(side, side);
        for (int n : batchSizes) {
            float[] input = new float[n * drawing.length]; // [n, side, side, 1]
            for (int i = 0; i < n; i++) {
                System.arraycopy(drawing, 0, input, i * drawing.length, drawing.length);
            }
            float[] rgb = model.predict(n, side, side, input);
            if (rgb == null || rgb.length != n * side * side * 3) {
                throw new IllegalStateException(what + " answered "
                        + (rgb == null ? "nothing" : rgb.length + " values") + " for [" + n + "," + side + "," + side
                        + ",1]; expected [" + n + "," + side + "," + side + ",3] = " + n * side * side * 3);
            }
            for (float v : rgb) {
                if (!(v >= -TOLERANCE && v <= 1 + TOLERANCE)) {
                    throw new IllegalStateException(what + " answered " + v
                            + " on the warm-up drawing; outputs must be RGB in [0,1]");
                }
            }
        }
    }

    /** {@code [height, width]} white paper with a black frame and a diagonal, the shape of a simple drawing. */
    public static float[] drawing(int width, int height) {
        float[] gray = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean frame = x == width / 8 || x == width - 1 - width / 8 || y == height / 8 || y == height - 1 - height / 8;
                boolean diagonal = Math.abs(x * height - y * width) < Math.max(width, height);
                gray[y * width + x] = frame || diagonal ? 0f : 1f;
            }
        }
        return gray;
    }
}
