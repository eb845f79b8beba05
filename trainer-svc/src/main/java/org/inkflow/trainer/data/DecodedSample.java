package org.inkflow.trainer.data;

/** A decoded sample: line art {@code [H,W]} and color {@code [H,W,3]}, row-major, values in [0,1]. */
public record DecodedSample(float[] lineArt, float[] color, int height, int width) {

    public DecodedSample {
        if (lineArt.length != height * width || color.length != height * width * 3) {
            throw new IllegalArgumentException("decoded sample arrays do not match " + width + "x" + height);
        }
    }
}
