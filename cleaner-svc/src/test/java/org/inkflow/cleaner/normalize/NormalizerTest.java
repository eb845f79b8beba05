package org.inkflow.cleaner.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.inkflow.cleaner.TestImages;
import org.junit.jupiter.api.Test;

class NormalizerTest {

    /** 40 wide, 20 high: red left half, blue right half. */
    private static BufferedImage redBlue() {
        BufferedImage image = TestImages.solid(40, 20, Color.RED);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(20, 0, 20, 20);
        g.dispose();
        return image;
    }

    @Test
    void padFitsTheWholeImageAndPadsTopAndBottomWithWhite() {
        BufferedImage out = new Normalizer(16, NormalizeMode.PAD).normalize(redBlue());
        assertThat(out.getWidth()).isEqualTo(16);
        assertThat(out.getHeight()).isEqualTo(16);
        assertThat(out.getRGB(8, 0) & 0xffffff).isEqualTo(0xffffff); // padding above
        assertThat(out.getRGB(8, 15) & 0xffffff).isEqualTo(0xffffff); // padding below
        assertThat(out.getRGB(1, 8) & 0xffffff).isEqualTo(0xff0000); // left stays red
        assertThat(out.getRGB(14, 8) & 0xffffff).isEqualTo(0x0000ff); // right stays blue
    }

    @Test
    void cropFillsTheSquareAndCutsBothSidesEvenly() {
        BufferedImage out = new Normalizer(16, NormalizeMode.CROP).normalize(redBlue());
        // Scaled to 32x16, the centre 16 columns are 8 red then 8 blue; no white anywhere.
        assertThat(out.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(out.getRGB(15, 15) & 0xffffff).isEqualTo(0x0000ff);
        assertThat(out.getRGB(3, 8) & 0xffffff).isEqualTo(0xff0000);
        assertThat(out.getRGB(12, 8) & 0xffffff).isEqualTo(0x0000ff);
    }

    @Test
    void largeReductionsKeepThinLinesAsGray() {
        BufferedImage big = TestImages.solid(1024, 512, Color.WHITE);
        Graphics2D g = big.createGraphics();
        g.setColor(Color.BLACK);
        for (int x = 0; x < 1024; x += 64) {
            g.fillRect(x, 0, 4, 512); // 4-pixel lines, 1/16 of the width
        }
        g.dispose();
        BufferedImage out = new Normalizer(64, NormalizeMode.CROP).normalize(big);
        // Each output pixel covers 8 source columns: a line fades to ~50% gray in some pixel of every period,
        // instead of vanishing or staying fully black as a single nearest/bilinear pass may do.
        int darkest = 255;
        for (int x = 0; x < 64; x++) {
            darkest = Math.min(darkest, out.getRGB(x, 32) & 0xff);
        }
        assertThat(darkest).isBetween(60, 200);
    }

    @Test
    void sizesOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new Normalizer(4, NormalizeMode.PAD)).hasMessageContaining("out of range");
        assertThat(NormalizeMode.parse("center-crop")).isEqualTo(NormalizeMode.CROP);
        assertThatThrownBy(() -> NormalizeMode.parse("stretch")).hasMessageContaining("use pad or crop");
    }
}
