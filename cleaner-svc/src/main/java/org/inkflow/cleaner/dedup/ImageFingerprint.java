package org.inkflow.cleaner.dedup;

import java.util.HexFormat;
import org.inkflow.cleaner.normalize.SampleImage;

/**
 * What near-duplicate detection compares: the luma {@link PerceptualHash} (structure) and a 4x4 grid of mean RGB
 * (colour layout). Both must be close for a duplicate, because a recoloured picture is a different target for a
 * colorizer: OpenMoji's skin-tone variants and same-layout flags share their luma hash within a few bits but differ
 * by 0.1 or more in some cell's colour, while a re-encoded or rescaled copy differs by a hundredth.
 */
public record ImageFingerprint(long perceptualHash, byte[] colorGrid) {

    /** Cells per side of the colour grid. */
    public static final int GRID = 4;

    public ImageFingerprint {
        if (colorGrid.length != GRID * GRID * 3) {
            throw new IllegalArgumentException("colour grid needs " + GRID * GRID * 3 + " bytes, not " + colorGrid.length);
        }
    }

    public static ImageFingerprint of(SampleImage image) {
        return new ImageFingerprint(PerceptualHash.of(image.gray(), image.width(), image.height()), colorGrid(image));
    }

    /** The largest difference, over grid cells, of the cell's mean colour (mean of |dR|,|dG|,|dB|, in [0,1]). */
    public double colorDistance(ImageFingerprint other) {
        double max = 0;
        for (int cell = 0; cell < GRID * GRID; cell++) {
            double d = 0;
            for (int c = 0; c < 3; c++) {
                d += Math.abs((colorGrid[cell * 3 + c] & 0xff) - (other.colorGrid[cell * 3 + c] & 0xff));
            }
            max = Math.max(max, d / 3 / 255.0);
        }
        return max;
    }

    public int hashDistance(ImageFingerprint other) {
        return PerceptualHash.distance(perceptualHash, other.perceptualHash);
    }

    public String perceptualHashHex() {
        return PerceptualHash.hex(perceptualHash);
    }

    public String colorGridHex() {
        return HexFormat.of().formatHex(colorGrid);
    }

    public static ImageFingerprint parse(String perceptualHashHex, String colorGridHex) {
        return new ImageFingerprint(PerceptualHash.parseHex(perceptualHashHex), HexFormat.of().parseHex(colorGridHex));
    }

    private static byte[] colorGrid(SampleImage image) {
        int w = image.width();
        int h = image.height();
        float[] rgb = image.rgb();
        byte[] out = new byte[GRID * GRID * 3]; // [4,4,3]
        for (int gy = 0; gy < GRID; gy++) {
            int y0 = gy * h / GRID;
            int y1 = Math.max(y0 + 1, (gy + 1) * h / GRID);
            for (int gx = 0; gx < GRID; gx++) {
                int x0 = gx * w / GRID;
                int x1 = Math.max(x0 + 1, (gx + 1) * w / GRID);
                double[] acc = new double[3];
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        int i = (y * w + x) * 3;
                        acc[0] += rgb[i];
                        acc[1] += rgb[i + 1];
                        acc[2] += rgb[i + 2];
                    }
                }
                int n = (y1 - y0) * (x1 - x0);
                for (int c = 0; c < 3; c++) {
                    out[(gy * GRID + gx) * 3 + c] = (byte) Math.round(Math.max(0, Math.min(1, acc[c] / n)) * 255);
                }
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageFingerprint f && f.perceptualHash == perceptualHash && java.util.Arrays.equals(f.colorGrid, colorGrid);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(perceptualHash) * 31 + java.util.Arrays.hashCode(colorGrid);
    }

    @Override
    public String toString() {
        return "ImageFingerprint[" + perceptualHashHex() + ", " + colorGridHex() + "]";
    }
}
