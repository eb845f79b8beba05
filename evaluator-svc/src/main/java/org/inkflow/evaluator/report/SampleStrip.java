package org.inkflow.evaluator.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.evaluator.scoring.ScoredExample;

/**
 * One report picture of a sample: line art | prediction | target side by side, enlarged with nearest-neighbour
 * scaling so small samples stay crisp, on white with a gap between the three.
 */
public final class SampleStrip {

    private static final int GAP = 4;

    private SampleStrip() {
    }

    /** PNG bytes of the strip; each panel is scaled by an integer factor to at least {@code minPanel} pixels high. */
    public static byte[] png(ScoredExample example, int minPanel) {
        int h = example.sample().height();
        int w = example.sample().width();
        int scale = Math.max(1, (int) Math.ceil((double) minPanel / h));
        BufferedImage[] panels = {
            ImageArrays.fromGray(example.sample().lineArt(), w, h),
            ImageArrays.fromRgb(example.prediction(), w, h),
            ImageArrays.fromRgb(example.sample().target(), w, h)};
        int pw = w * scale;
        int ph = h * scale;
        BufferedImage strip = new BufferedImage(3 * pw + 2 * GAP, ph, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = strip.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, strip.getWidth(), strip.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            for (int i = 0; i < panels.length; i++) {
                g.drawImage(panels[i], i * (pw + GAP), 0, pw, ph, null);
            }
        } finally {
            g.dispose();
        }
        return ImageArrays.encodePng(strip);
    }
}
