package org.inkflow.cleaner.datasets;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.inkflow.common.image.ImageArrays;

/**
 * The preview a person looks at before training: a grid of samples, each its input (line art) beside its target,
 * on a gray background so white-paper edges show.
 */
public final class ContactSheet {

    /** One sample: {@code input} {@code [H,W]} and {@code targetRgb} {@code [H,W,3]} in [0,1], square of side {@code size}. */
    public record Tile(float[] input, float[] targetRgb) {
    }

    public static final int GAP = 4;
    private static final Color BACKGROUND = new Color(0xc8c8c8);

    private ContactSheet() {
    }

    /** A sheet with {@code columns} pairs per row; at least one (empty) cell when there are no tiles. */
    public static BufferedImage render(List<Tile> tiles, int size, int columns) {
        int rows = Math.max(1, (tiles.size() + columns - 1) / columns);
        int cellWidth = 2 * size + GAP;
        int cellHeight = size + GAP;
        BufferedImage sheet = new BufferedImage(GAP + columns * cellWidth, GAP + rows * cellHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            for (int i = 0; i < tiles.size(); i++) {
                Tile tile = tiles.get(i);
                int x = GAP + (i % columns) * cellWidth;
                int y = GAP + (i / columns) * cellHeight;
                float[] inputRgb = new float[tile.input().length * 3]; // [H,W,3]
                for (int p = 0; p < tile.input().length; p++) {
                    inputRgb[p * 3] = tile.input()[p];
                    inputRgb[p * 3 + 1] = tile.input()[p];
                    inputRgb[p * 3 + 2] = tile.input()[p];
                }
                g.drawImage(ImageArrays.fromRgb(inputRgb, size, size), x, y, null);
                g.drawImage(ImageArrays.fromRgb(tile.targetRgb(), size, size), x + size, y, null);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }
}
