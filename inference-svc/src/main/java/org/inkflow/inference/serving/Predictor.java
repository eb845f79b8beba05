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

    @Override
    void close();
}
