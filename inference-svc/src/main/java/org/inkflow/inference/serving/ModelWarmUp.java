package org.inkflow.inference.serving;

/**
 * Runs a freshly loaded model on a synthetic drawing before it serves, as TensorFlow Serving's warm-up does: the
 * first calls allocate the graph's buffers, so no user request pays for them, and a model that answers with the
 * wrong shape or with values outside [0,1] (NaN included) is refused instead of served.
 */
public final class ModelWarmUp {

    /** How far outside [0,1] an output may stray (float rounding in the last sigmoid). */
    private static final float TOLERANCE = 1e-3f;

    private final int[] batchSizes;

    /** @param batchSizes the batch sizes to run once each, e.g. 1 and the batcher's maximum */
    public ModelWarmUp(int... batchSizes) {
        this.batchSizes = batchSizes.clone();
    }

    public void check(ServedModel model) {
        ModelDescription d = model.description();
        int side = Math.max(d.sizeMultiple(), d.imageSize() / d.sizeMultiple() * d.sizeMultiple());
        float[] drawing = drawing(side, side);
        for (int n : batchSizes) {
            float[] input = new float[n * drawing.length]; // [n, side, side, 1]
            for (int i = 0; i < n; i++) {
                System.arraycopy(drawing, 0, input, i * drawing.length, drawing.length);
            }
            float[] rgb = model.predictor().predict(n, side, side, input);
            if (rgb == null || rgb.length != n * side * side * 3) {
                throw new IllegalStateException("model " + d.name() + " " + d.version() + " answered "
                        + (rgb == null ? "nothing" : rgb.length + " values") + " for [" + n + "," + side + "," + side
                        + ",1]; expected [" + n + "," + side + "," + side + ",3] = " + n * side * side * 3);
            }
            for (float v : rgb) {
                if (!(v >= -TOLERANCE && v <= 1 + TOLERANCE)) {
                    throw new IllegalStateException("model " + d.name() + " " + d.version() + " answered " + v
                            + " on the warm-up drawing; outputs must be RGB in [0,1]");
                }
            }
        }
    }

    /** {@code [height, width]} white paper with a black frame and a diagonal, the shape of a simple drawing. */
    static float[] drawing(int width, int height) {
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
