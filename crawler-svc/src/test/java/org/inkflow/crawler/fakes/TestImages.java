package org.inkflow.crawler.fakes;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.inkflow.common.image.ImageArrays;

/** Small distinct PNGs for fake servers. */
public final class TestImages {

    private TestImages() {
    }

    /** A {@code width x height} PNG whose content depends on {@code seed}: different seeds, different bytes. */
    public static byte[] png(int seed, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(new Color((seed * 73) & 0xff, (seed * 151) & 0xff, (seed * 199 + 40) & 0xff));
        g.fillRect(seed % Math.max(1, width / 2), 0, Math.max(1, width / 3), height);
        g.dispose();
        image.setRGB(0, 0, seed);
        return ImageArrays.encodePng(image);
    }
}
