package org.inkflow.evaluator.quality;

/**
 * Hasler and Suesstrunk's colorfulness (2003, "Measuring colourfulness in natural images"), on the 0-255 scale of
 * the paper so its bands apply (about 0 not colorful, 15 slightly, 33 moderately, 59 quite, 82 highly colorful):
 * {@code rg = R - G}, {@code yb = (R + G) / 2 - B}, {@code M = sqrt(sd(rg)^2 + sd(yb)^2) + 0.3 sqrt(mean(rg)^2 +
 * mean(yb)^2)}. A colorizer that plays safe with grayish output scores low here even when its L1 is fine.
 */
public final class Colorfulness {

    private Colorfulness() {
    }

    /** Colorfulness of an {@code [H,W,3]} RGB image with values in [0,1]. */
    public static double of(float[] rgb) {
        if (rgb.length == 0 || rgb.length % 3 != 0) {
            throw new IllegalArgumentException("colorfulness needs an [H,W,3] RGB image; got " + rgb.length + " values");
        }
        int n = rgb.length / 3;
        double sumRg = 0;
        double sumYb = 0;
        double sumRg2 = 0;
        double sumYb2 = 0;
        for (int i = 0; i < n; i++) {
            double r = rgb[3 * i] * 255.0;
            double g = rgb[3 * i + 1] * 255.0;
            double b = rgb[3 * i + 2] * 255.0;
            double rg = r - g;
            double yb = 0.5 * (r + g) - b;
            sumRg += rg;
            sumYb += yb;
            sumRg2 += rg * rg;
            sumYb2 += yb * yb;
        }
        double meanRg = sumRg / n;
        double meanYb = sumYb / n;
        double varRg = Math.max(0, sumRg2 / n - meanRg * meanRg);
        double varYb = Math.max(0, sumYb2 / n - meanYb * meanYb);
        return Math.sqrt(varRg + varYb) + 0.3 * Math.sqrt(meanRg * meanRg + meanYb * meanYb);
    }
}
