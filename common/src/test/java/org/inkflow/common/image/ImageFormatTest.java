package org.inkflow.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one list of accepted formats: sniffed from magic bytes, and every one of them decodable. */
class ImageFormatTest {

    @Test
    void webpIsSniffedAndItsHeaderRead() throws IOException {
        byte[] webp = UserImageFormatsTest.resource("quadrants-lossless.webp");
        assertThat(ImageFormat.sniff(webp)).contains(ImageFormat.WEBP);
        assertThat(ImageFormat.dimensions(webp)).hasValueSatisfying(d -> assertThat(d).containsExactly(48, 32));
        assertThat(ImageFormat.ofExtension("WEBP")).contains(ImageFormat.WEBP);
        assertThat(ImageFormat.ofExtension("jpg")).contains(ImageFormat.JPEG);
    }

    @Test
    void htmlAndTruncatedBytesAreNoFormat() {
        assertThat(ImageFormat.sniff("<html><body>403</body></html>".getBytes())).isEmpty();
        assertThat(ImageFormat.sniff(new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'})).isEmpty();
        assertThat(ImageFormat.sniff(new byte[] {(byte) 0xff, (byte) 0xd8})).isEmpty();
        assertThat(ImageFormat.ofExtension("svg")).isEqualTo(Optional.empty());
    }

    @Test
    void everyAcceptedFormatHasAnImageIoReader() {
        for (ImageFormat format : ImageFormat.values()) {
            assertThat(javax.imageio.ImageIO.getImageReadersByFormatName(format.formatName()).hasNext())
                    .as(format.formatName()).isTrue();
        }
        assertThat(ImageFormat.contentTypes()).contains("image/png", "image/jpeg", "image/gif", "image/webp");
    }
}
