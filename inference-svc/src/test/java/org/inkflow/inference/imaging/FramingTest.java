package org.inkflow.inference.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class FramingTest {

    @Test
    void hintsAreFramedLikeTheDrawingAndTransparentPixelsAreNoHints() {
        // 100x40 fit into 64: content 64x26 at y offset 19; the hint image scales the same way.
        Framing f = Framing.plan(100, 40, Framing.Mode.FIT, 64, 8, 1_000_000);
        java.awt.image.BufferedImage hints = new java.awt.image.BufferedImage(100, 40,
                java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 10; y < 30; y++) {
            for (int x = 0; x < 50; x++) {
                hints.setRGB(x, y, 0xFFFF0000); // opaque red on the left half, transparent elsewhere
            }
        }
        hints.setRGB(99, 39, 0x400000FF); // mostly transparent: no hint
        float[] canvas = f.hints(hints);
        assertThat(canvas).hasSize(64 * 64 * 4);
        int inside = ((f.offsetY() + 13) * 64 + f.offsetX() + 10) * 4;
        assertThat(new float[] {canvas[inside], canvas[inside + 1], canvas[inside + 2], canvas[inside + 3]})
                .containsExactly(1f, 0f, 0f, 1f);
        int right = ((f.offsetY() + 13) * 64 + f.offsetX() + 50) * 4;
        assertThat(canvas[right + 3]).isZero();
        int corner = ((f.offsetY() + f.contentHeight() - 1) * 64 + f.offsetX() + f.contentWidth() - 1) * 4;
        assertThat(canvas[corner + 3]).isZero();
        assertThat(canvas[3]).as("padding has no hint").isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.hints(new java.awt.image.BufferedImage(40, 100,
                java.awt.image.BufferedImage.TYPE_INT_ARGB))).hasMessageContaining("the drawing's size, 100x40");
    }

    @Test
    void fitScalesALandscapeImageIntoTheModelSquareKeepingItsAspect() {
        Framing f = Framing.plan(100, 40, Framing.Mode.FIT, 64, 8, 1_000_000);
        assertThat(f.width()).isEqualTo(64);
        assertThat(f.height()).isEqualTo(64);
        assertThat(f.contentWidth()).isEqualTo(64);
        assertThat(f.contentHeight()).isEqualTo(26);
        assertThat(f.offsetX()).isZero();
        assertThat(f.offsetY()).isEqualTo(19);
    }

    @Test
    void fitScalesAPortraitImageTheOtherWay() {
        Framing f = Framing.plan(30, 90, Framing.Mode.FIT, 60, 8, 1_000_000);
        // 60 rounds up to 64, the next multiple of 8.
        assertThat(f.width()).isEqualTo(64);
        assertThat(f.contentHeight()).isEqualTo(64);
        assertThat(f.contentWidth()).isEqualTo(21);
        assertThat(f.offsetX()).isEqualTo(21);
        assertThat(f.offsetY()).isZero();
    }

    @Test
    void nativePadsToTheSizeMultipleAndFallsBackToFitWhenTooLarge() {
        Framing f = Framing.plan(50, 21, Framing.Mode.NATIVE, 64, 8, 10_000);
        assertThat(f.width()).isEqualTo(56);
        assertThat(f.height()).isEqualTo(24);
        assertThat(f.contentWidth()).isEqualTo(50);
        assertThat(f.contentHeight()).isEqualTo(21);
        Framing big = Framing.plan(500, 210, Framing.Mode.NATIVE, 64, 8, 10_000);
        assertThat(big.width()).isEqualTo(64);
        assertThat(big.contentWidth()).isEqualTo(64);
    }

    @Test
    void placeAndCropAreInversesOnANonSquareCanvasWithoutSwappingAxes() {
        Framing f = new Framing(3, 2, 3, 2, 8, 4); // content 3 wide, 2 high on an 8x4 canvas
        float[] content = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}; // [H=2, W=3]
        float[] canvas = f.place(content); // [H=4, W=8]
        assertThat(canvas).hasSize(32);
        int ox = f.offsetX();
        int oy = f.offsetY();
        assertThat(ox).isEqualTo(2);
        assertThat(oy).isEqualTo(1);
        assertThat(canvas[oy * 8 + ox + 2]).isEqualTo(0.3f); // first row, third column
        assertThat(canvas[(oy + 1) * 8 + ox]).isEqualTo(0.4f); // second row, first column
        assertThat(canvas[0]).isEqualTo(1f); // paper around the content

        float[] rgb = new float[8 * 4 * 3]; // [H=4, W=8, 3]: the "model" echoes gray into red
        for (int i = 0; i < canvas.length; i++) {
            rgb[i * 3] = canvas[i];
        }
        float[] cropped = f.crop(rgb); // [2, 3, 3]
        assertThat(cropped).hasSize(18);
        for (int i = 0; i < 6; i++) {
            assertThat(cropped[i * 3]).isEqualTo(content[i]);
        }
    }

    @Test
    void theResultHasTheUploadsSizeAndTheColorsWhereTheyBelong() {
        // A 100x40 upload whose left half is black: after fit, model and scale back, the result is 100x40, and
        // the "model" (ink -> red, paper -> blue) keeps red on the left and blue on the right.
        BufferedImage upload = new BufferedImage(100, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 100; x++) {
                upload.setRGB(x, y, x < 50 ? 0x000000 : 0xffffff);
            }
        }
        Framing f = Framing.plan(100, 40, Framing.Mode.FIT, 32, 4, 1_000_000);
        float[] lineArt = f.lineArt(upload); // [32, 32]
        assertThat(lineArt).hasSize(32 * 32);
        float[] rgb = new float[lineArt.length * 3];
        for (int i = 0; i < lineArt.length; i++) {
            rgb[i * 3] = 1 - lineArt[i];
            rgb[i * 3 + 2] = lineArt[i];
        }
        BufferedImage result = f.result(rgb);
        assertThat(result.getWidth()).isEqualTo(100);
        assertThat(result.getHeight()).isEqualTo(40);
        int left = result.getRGB(10, 20);
        int right = result.getRGB(90, 20);
        assertThat((left >> 16) & 0xff).isGreaterThan(200);
        assertThat(left & 0xff).isLessThan(50);
        assertThat(right & 0xff).isGreaterThan(200);
        assertThat((right >> 16) & 0xff).isLessThan(50);
    }
}
