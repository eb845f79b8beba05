package org.inkflow.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.inkflow.common.image.ImageArrays;
import org.junit.jupiter.api.Test;

class ImageArraysTest {

    @Test
    void rgbRoundTripKeepsAxesOnANonSquareImage() {
        int w = 5, h = 3;
        float[] rgb = new float[h * w * 3];
        // A distinct value per (y, x, c) so swapped axes would show.
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * w + x) * 3 + c] = (y * 60 + x * 10 + c * 3) / 255f;
                }
            }
        }
        BufferedImage image = ImageArrays.decode(ImageArrays.encodePng(ImageArrays.fromRgb(rgb, w, h)));
        assertThat(image.getWidth()).isEqualTo(w);
        assertThat(image.getHeight()).isEqualTo(h);
        float[] back = ImageArrays.toRgb(image);
        for (int i = 0; i < rgb.length; i++) {
            assertThat(back[i]).isCloseTo(rgb[i], org.assertj.core.data.Offset.offset(0.5f / 255f));
        }
        assertThat(image.getRGB(4, 2) & 0xff).isEqualTo(2 * 60 + 4 * 10 + 6);
    }

    @Test
    void grayOfTransparentPixelIsWhitePaper() {
        BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_INT_ARGB); // all transparent
        image.setRGB(1, 0, 0xff000000); // one opaque black ink pixel
        float[] gray = ImageArrays.toGray(image);
        assertThat(gray[0]).isEqualTo(1f);
        assertThat(gray[1]).isEqualTo(0f);
        assertThat(gray).hasSize(8);
    }

    @Test
    void grayRoundTripKeepsMidGrays() {
        float[] gray = {0f, 0.25f, 0.5f, 0.75f, 1f, 128 / 255f};
        BufferedImage image = ImageArrays.decode(ImageArrays.encodePng(ImageArrays.fromGray(gray, 3, 2)));
        float[] back = ImageArrays.toGray(image);
        float[] rgb = ImageArrays.toRgb(image);
        for (int i = 0; i < gray.length; i++) {
            assertThat(back[i]).isCloseTo(gray[i], org.assertj.core.data.Offset.offset(0.51f / 255f));
            assertThat(rgb[3 * i + 1]).isCloseTo(gray[i], org.assertj.core.data.Offset.offset(0.51f / 255f));
        }
    }

    @Test
    void notAnImageIsAClearError() {
        assertThatThrownBy(() -> ImageArrays.decode("hello".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PNG or JPEG");
    }

    @Test
    void wrongArrayLengthNamesTheShape() {
        assertThatThrownBy(() -> ImageArrays.fromRgb(new float[10], 4, 2))
                .hasMessageContaining("4x2 image needs 24");
    }
}
