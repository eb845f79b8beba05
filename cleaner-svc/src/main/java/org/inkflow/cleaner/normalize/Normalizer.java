package org.inkflow.cleaner.normalize;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.inkflow.common.image.ImageArrays;

/**
 * Scales an image to a {@code size x size} square by {@link NormalizeMode}. Large reductions halve the image step by
 * step before the last bilinear pass, so thin lines fade instead of breaking up (one bilinear pass over a 30x
 * reduction samples only a few source pixels and aliases).
 */
public final class Normalizer {

    private final int size;
    private final NormalizeMode mode;

    public Normalizer(int size, NormalizeMode mode) {
        if (size < 8 || size > 4096) {
            throw new IllegalArgumentException("sample size " + size + " is out of range; use 8 to 4096 (e.g. 64, 128, 256)");
        }
        this.size = size;
        this.mode = mode;
    }

    public int size() {
        return size;
    }

    public NormalizeMode mode() {
        return mode;
    }

    /** The square sample, opaque {@code TYPE_INT_RGB} on white. */
    public BufferedImage normalize(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = mode == NormalizeMode.PAD ? Math.min((double) size / w, (double) size / h)
                : Math.max((double) size / w, (double) size / h);
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        BufferedImage scaled = scale(image, sw, sh);
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, size, size);
            // PAD centres the scaled image in the square; CROP centres the square in the scaled image.
            g.drawImage(scaled, (size - sw) / 2, (size - sh) / 2, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage scale(BufferedImage image, int width, int height) {
        BufferedImage current = image;
        int w = image.getWidth();
        int h = image.getHeight();
        while (w / 2 >= width && h / 2 >= height) {
            w /= 2;
            h /= 2;
            current = ImageArrays.resize(current, w, h);
        }
        if (w == width && h == height && current.getType() == BufferedImage.TYPE_INT_RGB) {
            return current;
        }
        return ImageArrays.resize(current, width, height);
    }
}
