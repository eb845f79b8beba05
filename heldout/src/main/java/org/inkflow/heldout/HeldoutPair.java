package org.inkflow.heldout;

import org.inkflow.common.image.ImageArrays;

/**
 * One held-out sample in the pipeline's sample format: {@code lineArt} {@code [H,W]} in [0,1] (1 = paper, 0 = ink)
 * and {@code target} {@code [H,W,3]} RGB in [0,1], both {@code size x size}.
 */
public record HeldoutPair(String name, int size, float[] lineArt, float[] target) {

    public static final String INPUT_FILE = "input.png";
    public static final String TARGET_FILE = "target.png";

    public HeldoutPair {
        if (lineArt.length != size * size || target.length != size * size * 3) {
            throw new IllegalArgumentException("a " + size + "x" + size + " pair needs " + size * size + " line-art and "
                    + size * size * 3 + " RGB values, not " + lineArt.length + " and " + target.length);
        }
    }

    /** The line art as the cleaner stores a sample's input: an RGB PNG with R = G = B. */
    public byte[] inputPng() {
        float[] rgb = new float[lineArt.length * 3]; // [H,W,3]
        for (int i = 0; i < lineArt.length; i++) {
            rgb[3 * i] = lineArt[i];
            rgb[3 * i + 1] = lineArt[i];
            rgb[3 * i + 2] = lineArt[i];
        }
        return ImageArrays.encodePng(ImageArrays.fromRgb(rgb, size, size));
    }

    public byte[] targetPng() {
        return ImageArrays.encodePng(ImageArrays.fromRgb(target, size, size));
    }

    /** Reads a pair back from the two PNGs (8-bit values, as the service and the trainer see them). */
    public static HeldoutPair read(String name, byte[] inputPng, byte[] targetPng) {
        var input = ImageArrays.decode(inputPng);
        var target = ImageArrays.decode(targetPng);
        if (input.getWidth() != input.getHeight() || target.getWidth() != input.getWidth()
                || target.getHeight() != input.getHeight()) {
            throw new IllegalArgumentException("pair " + name + ": input is " + input.getWidth() + "x" + input.getHeight()
                    + " and target " + target.getWidth() + "x" + target.getHeight() + "; both must be the same square");
        }
        return new HeldoutPair(name, input.getWidth(), ImageArrays.toGray(input), ImageArrays.toRgb(target));
    }
}
