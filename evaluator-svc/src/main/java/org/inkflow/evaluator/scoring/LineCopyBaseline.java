package org.inkflow.evaluator.scoring;

/**
 * Baseline (a): the line art copied to all three channels. A colorizer that cannot beat this has learned nothing
 * about color.
 */
public final class LineCopyBaseline implements Colorizer {

    public static final String ID = "line-copy";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public float[] colorize(float[] lineArt, int n, int height, int width) {
        int pixels = n * height * width;
        if (lineArt.length != pixels) {
            throw new IllegalArgumentException("line art [" + n + "," + height + "," + width + ",1] needs " + pixels
                    + " values; got " + lineArt.length);
        }
        float[] rgb = new float[pixels * 3]; // [N,H,W,3]
        for (int i = 0; i < pixels; i++) {
            rgb[3 * i] = lineArt[i];
            rgb[3 * i + 1] = lineArt[i];
            rgb[3 * i + 2] = lineArt[i];
        }
        return rgb;
    }
}
