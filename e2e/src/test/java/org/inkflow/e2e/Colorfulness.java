package org.inkflow.e2e;

import java.awt.image.BufferedImage;
import org.inkflow.common.image.ImageArrays;

/** Hasler and Süsstrunk's colorfulness (2003): 0 for gray images, about 100+ for very colorful ones. */
final class Colorfulness {

    private Colorfulness() {
    }

    static double of(byte[] png) {
        BufferedImage image = ImageArrays.decode(png);
        float[] rgb = ImageArrays.toRgb(image);
        int n = rgb.length / 3;
        double sumRg = 0, sumYb = 0, sqRg = 0, sqYb = 0;
        for (int i = 0; i < n; i++) {
            double r = rgb[3 * i] * 255, g = rgb[3 * i + 1] * 255, b = rgb[3 * i + 2] * 255;
            double rg = r - g;
            double yb = 0.5 * (r + g) - b;
            sumRg += rg;
            sumYb += yb;
            sqRg += rg * rg;
            sqYb += yb * yb;
        }
        double meanRg = sumRg / n, meanYb = sumYb / n;
        double stdRg = Math.sqrt(Math.max(0, sqRg / n - meanRg * meanRg));
        double stdYb = Math.sqrt(Math.max(0, sqYb / n - meanYb * meanYb));
        return Math.sqrt(stdRg * stdRg + stdYb * stdYb) + 0.3 * Math.sqrt(meanRg * meanRg + meanYb * meanYb);
    }
}
