package org.inkflow.evaluator.scoring;

/**
 * Anything that turns line art into color and can be scored: an exported model, an ensemble, or a baseline.
 * Arrays are NHWC row-major: in {@code [N,H,W,1]} gray in [0,1], out {@code [N,H,W,3]} RGB in [0,1].
 */
public interface Colorizer extends AutoCloseable {

    /** A short name for logs and reports, e.g. {@code colorizer/3} or {@code line-copy}. */
    String id();

    /** {@code lineArt} is {@code [n,height,width,1]}; returns {@code [n,height,width,3]}. */
    float[] colorize(float[] lineArt, int n, int height, int width);

    /**
     * As {@link #colorize(float[], int, int, int)}, given the targets {@code [n,height,width,3]} too: a colorizer
     * that samples color hints from them (as training does) overrides it; the others ignore the targets.
     */
    default float[] colorize(float[] lineArt, float[] targets, int n, int height, int width) {
        return colorize(lineArt, n, height, width);
    }

    @Override
    default void close() {
    }
}
