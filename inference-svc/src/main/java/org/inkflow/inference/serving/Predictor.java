package org.inkflow.inference.serving;

/**
 * Runs one colorization model on a batch: gray line art {@code [N,H,W,1]} in [0,1] to RGB {@code [N,H,W,3]} in
 * [0,1], both NHWC row-major. Implementations are thread-safe; {@link #close()} frees what the model holds.
 */
public interface Predictor extends AutoCloseable {

    /**
     * @param lineArt {@code [n, height, width, 1]} line art, 1 = white paper, 0 = black ink
     * @return {@code [n, height, width, 3]} RGB
     */
    float[] predict(int n, int height, int width, float[] lineArt);

    /**
     * As {@link #predict(int, int, int, float[])} with color hints {@code [n, height, width, 4]} (RGB + mask; all zeros
     * = none) for a model that {@link #takesHints()}; {@code null} hints are no hints.
     */
    default float[] predict(int n, int height, int width, float[] lineArt, float[] hints) {
        if (hints != null) {
            throw new IllegalArgumentException("this model takes no color hints");
        }
        return predict(n, height, width, lineArt);
    }

    /** Whether the model takes color hints beside the line art. */
    default boolean takesHints() {
        return false;
    }

    @Override
    void close();
}
