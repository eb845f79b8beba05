package org.inkflow.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.inference.it.Drawings;
import org.junit.jupiter.api.Test;

class UploadedImageDecoderTest {

    private final UploadedImageDecoder decoder = new UploadedImageDecoder(1_000_000, 1_000_000);

    static byte[] png(int width, int height) {
        return ImageArrays.encodePng(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB));
    }

    @Test
    void decodesPngAndJpegOfNonSquareSize() throws Exception {
        BufferedImage png = decoder.decode(png(37, 11));
        assertThat(png.getWidth()).isEqualTo(37);
        assertThat(png.getHeight()).isEqualTo(11);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(12, 30, BufferedImage.TYPE_INT_RGB), "jpeg", jpeg);
        BufferedImage decoded = decoder.decode(jpeg.toByteArray());
        assertThat(decoded.getWidth()).isEqualTo(12);
        assertThat(decoded.getHeight()).isEqualTo(30);
    }

    @Test
    void aHeaderClaimingHugeDimensionsIsRefusedBeforeDecoding() {
        assertThatThrownBy(() -> decoder.decode(Drawings.pngHeaderClaiming(100_000, 100_000)))
                .isInstanceOfSatisfying(RejectedRequestException.class, e -> assertThat(e.status()).isEqualTo(413))
                .hasMessageContaining("100000x100000")
                .hasMessageContaining("inkflow.inference.limits.max-pixels");
    }

    @Test
    void emptyTextAndTruncatedBodiesGetTheirOwnStatus() {
        assertThatThrownBy(() -> decoder.decode(new byte[0]))
                .isInstanceOfSatisfying(RejectedRequestException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> decoder.decode("hello, not an image".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(RejectedRequestException.class, e -> assertThat(e.status()).isEqualTo(415))
                .hasMessageContaining("send a PNG or JPEG");
        byte[] whole = png(40, 30);
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> decoder.decode(truncated))
                .isInstanceOfSatisfying(RejectedRequestException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("cannot decode the image");
        assertThatThrownBy(() -> new UploadedImageDecoder(1_000_000, 10).decode(png(40, 30)))
                .isInstanceOfSatisfying(RejectedRequestException.class, e -> assertThat(e.status()).isEqualTo(413))
                .hasMessageContaining("max-image-bytes");
        assertThatThrownBy(() -> decoder.decode(Drawings.pngHeaderClaiming(20, 10)))
                .isInstanceOfSatisfying(RejectedRequestException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
