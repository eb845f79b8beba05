package org.inkflow.model.training;

/**
 * Rotates the hue of RGB pixels in [0,1] around the HSV colour wheel, keeping each pixel's saturation and value:
 * gray, white and black ink stay exactly as they are, red rotated by 120 degrees becomes green. The training
 * augmentation that teaches a colorizer that a shape's colour is not fixed by its outline (OpenMoji paints most fills
 * yellow; the model learned "yellow" instead of "a fill").
 */
public final class HueRotation {

    private HueRotation() {
    }

    /** Rotates {@code pixels} RGB triples of {@code rgb} starting at {@code offset} by {@code degrees}, in place. */
    public static void rotate(float[] rgb, int offset, int pixels, double degrees) {
        if (offset < 0 || pixels < 0 || offset + 3L * pixels > rgb.length) {
            throw new IllegalArgumentException(pixels + " RGB pixels from " + offset + " do not fit in " + rgb.length
                    + " values");
        }
        double turn = ((degrees / 60.0) % 6 + 6) % 6; // in sextants, [0, 6)
        if (turn == 0) {
            return;
        }
        for (int p = offset, end = offset + 3 * pixels; p < end; p += 3) {
            float r = rgb[p];
            float g = rgb[p + 1];
            float b = rgb[p + 2];
            float max = Math.max(r, Math.max(g, b));
            float min = Math.min(r, Math.min(g, b));
            float chroma = max - min;
            if (chroma <= 0f) {
                continue; // no hue: gray, white, black
            }
            double h;
            if (max == r) {
                h = (g - b) / chroma;
            } else if (max == g) {
                h = (b - r) / chroma + 2;
            } else {
                h = (r - g) / chroma + 4;
            }
            h = ((h + turn) % 6 + 6) % 6;
            // HSV back to RGB with the same value (max) and chroma
            double x = chroma * (1 - Math.abs(h % 2 - 1));
            double r1;
            double g1;
            double b1;
            switch ((int) h) {
                case 0 -> { r1 = chroma; g1 = x; b1 = 0; }
                case 1 -> { r1 = x; g1 = chroma; b1 = 0; }
                case 2 -> { r1 = 0; g1 = chroma; b1 = x; }
                case 3 -> { r1 = 0; g1 = x; b1 = chroma; }
                case 4 -> { r1 = x; g1 = 0; b1 = chroma; }
                default -> { r1 = chroma; g1 = 0; b1 = x; }
            }
            rgb[p] = (float) (r1 + min);
            rgb[p + 1] = (float) (g1 + min);
            rgb[p + 2] = (float) (b1 + min);
        }
    }
}
