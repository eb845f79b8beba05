package org.inkflow.heldout;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.junit.jupiter.api.Test;

class PairBuilderTest {

    /** {@code w x h}: the left half red, the right half white. */
    private static BufferedImage redBlock(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 2, h);
        g.dispose();
        return image;
    }

    @Test
    void aWideDrawingIsPaddedTopAndBottomAndItsLineArtFollowsTheColourEdges() {
        // 40 wide, 20 tall -> scaled to 20x10 in a 20x20 square, 5 rows of white paper above and below.
        HeldoutPair pair = new PairBuilder(20, LineArtMode.EXTRACTED).build("wide", redBlock(40, 20)).orElseThrow();

        assertThat(pair.size()).isEqualTo(20);
        assertThat(pair.lineArt()).hasSize(20 * 20);
        assertThat(pair.target()).hasSize(20 * 20 * 3);
        assertThat(rgb(pair, 10, 1)).containsExactly(1f, 1f, 1f); // padding row: white target ...
        assertThat(pair.lineArt()[1 * 20 + 2]).isEqualTo(1f); // ... and paper in the line art
        assertThat(rgb(pair, 2, 10)[0]).isGreaterThan(0.9f); // inside the red block
        assertThat(rgb(pair, 2, 10)[1]).isLessThan(0.1f);
        assertThat(pair.lineArt()[10 * 20 + 2]).isEqualTo(1f); // a flat fill is paper
        // The block's right edge (x = 10) and its top edge (y = 5) are ink.
        assertThat(minOfRow(pair, 10, 8, 12)).isLessThan(0.8f);
        assertThat(minOfColumn(pair, 3, 3, 7)).isLessThan(0.8f);
        assertThat(pair.lineArt()[10 * 20 + 16]).isEqualTo(1f); // white area right of the block
    }

    @Test
    void aTallDrawingIsPaddedLeftAndRight() {
        HeldoutPair pair = new PairBuilder(20, LineArtMode.EXTRACTED).build("tall", redBlock(20, 40)).orElseThrow();
        // 20x40 -> 10x20 centred: columns 0-4 and 15-19 are padding; the red half is columns 5-9.
        assertThat(rgb(pair, 2, 10)).containsExactly(1f, 1f, 1f);
        assertThat(rgb(pair, 7, 10)[1]).isLessThan(0.1f);
        assertThat(rgb(pair, 12, 10)).containsExactly(1f, 1f, 1f);
    }

    @Test
    void xdogAndGrayModesUseTheCleanersOtherExtractors() {
        HeldoutPair gray = new PairBuilder(16, LineArtMode.GRAY).build("g", redBlock(16, 16)).orElseThrow();
        assertThat(gray.lineArt()[8 * 16 + 2]).isCloseTo(0.299f, org.assertj.core.data.Offset.offset(0.01f)); // red luma
        HeldoutPair xdog = new PairBuilder(16, LineArtMode.XDOG).build("x", redBlock(16, 16)).orElseThrow();
        assertThat(xdog.lineArt()).isNotEqualTo(gray.lineArt());
    }

    @Test
    void aGrayDrawingGivesNoPairAsTheCleanerWouldRejectIt() {
        BufferedImage image = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 30, 20);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(5, 5, 10, 10);
        g.dispose();
        assertThat(new PairBuilder(16, LineArtMode.EXTRACTED).build("gray", image)).isEmpty();
    }

    @Test
    void thePngsReadBackToTheSamePairTo8Bits() {
        HeldoutPair pair = new PairBuilder(24, LineArtMode.EXTRACTED).build("p", redBlock(36, 24)).orElseThrow();
        HeldoutPair back = HeldoutPair.read("p", pair.inputPng(), pair.targetPng());
        assertThat(back.size()).isEqualTo(24);
        for (int i = 0; i < pair.lineArt().length; i++) {
            assertThat(back.lineArt()[i]).isCloseTo(pair.lineArt()[i], org.assertj.core.data.Offset.offset(0.5f / 255 + 1e-4f));
        }
        for (int i = 0; i < pair.target().length; i++) {
            assertThat(back.target()[i]).isCloseTo(pair.target()[i], org.assertj.core.data.Offset.offset(0.5f / 255 + 1e-4f));
        }
    }

    private static float[] rgb(HeldoutPair p, int x, int y) {
        int i = (y * p.size() + x) * 3;
        return new float[] {p.target()[i], p.target()[i + 1], p.target()[i + 2]};
    }

    private static float minOfRow(HeldoutPair p, int y, int x0, int x1) {
        float min = 1;
        for (int x = x0; x <= x1; x++) {
            min = Math.min(min, p.lineArt()[y * p.size() + x]);
        }
        return min;
    }

    private static float minOfColumn(HeldoutPair p, int x, int y0, int y1) {
        float min = 1;
        for (int y = y0; y <= y1; y++) {
            min = Math.min(min, p.lineArt()[y * p.size() + x]);
        }
        return min;
    }
}
