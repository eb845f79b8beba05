package org.inkflow.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import org.junit.jupiter.api.Test;

/**
 * What users send besides PNG: WebP (lossy and lossless) and JPEGs with an embedded ICC profile, decoded to the
 * right sRGB colours on a non-square image, with the same header-first pixel limit.
 *
 * <p>The WebP fixtures in {@code src/test/resources/images} were made with Debian's {@code webp} package from a
 * 48x32 PNG of four 24x16 quadrants (red 220,40,40 | green 40,180,60 over blue 40,60,200 | white):
 * {@code cwebp -lossless quadrants.png -o quadrants-lossless.webp} and {@code cwebp -q 90 quadrants.png -o
 * quadrants-lossy.webp}.
 */
class UserImageFormatsTest {

    private static final int RED = 0xdc2828;
    private static final int GREEN = 0x28b43c;
    private static final int BLUE = 0x283cc8;
    private static final int WHITE = 0xffffff;

    private final SafeImageDecoder decoder = new SafeImageDecoder(10_000);

    @Test
    void losslessWebpIsReadExactly() throws IOException {
        BufferedImage image = decoder.decode(resource("quadrants-lossless.webp"));
        assertThat(image.getWidth()).isEqualTo(48);
        assertThat(image.getHeight()).isEqualTo(32);
        assertThat(image.getRGB(12, 8) & 0xffffff).isEqualTo(RED);
        assertThat(image.getRGB(36, 8) & 0xffffff).isEqualTo(GREEN);
        assertThat(image.getRGB(12, 24) & 0xffffff).isEqualTo(BLUE);
        assertThat(image.getRGB(36, 24) & 0xffffff).isEqualTo(WHITE);
    }

    @Test
    void lossyWebpIsReadWithinItsCompressionError() throws IOException {
        BufferedImage image = decoder.decode(resource("quadrants-lossy.webp"));
        assertThat(image.getWidth()).isEqualTo(48);
        assertThat(image.getHeight()).isEqualTo(32);
        assertClose(image.getRGB(12, 8), RED, 8);
        assertClose(image.getRGB(36, 8), GREEN, 8);
        assertClose(image.getRGB(12, 24), BLUE, 8);
        assertClose(image.getRGB(36, 24), WHITE, 8);
    }

    @Test
    void webpHeaderIsReadFirstAndTheLimitHoldsBeforeDecoding() throws IOException {
        byte[] webp = resource("quadrants-lossy.webp");
        assertThat(decoder.readHeader(webp)).isEqualTo(new ImageHeader("webp", 48, 32));
        assertThatThrownBy(() -> new SafeImageDecoder(1000, 1 << 20, "inkflow.cleaner.max-pixels").decode(webp))
                .isInstanceOfSatisfying(ImageDecodeException.class,
                        e -> assertThat(e.problem()).isEqualTo(ImageDecodeException.Problem.TOO_MANY_PIXELS))
                .hasMessageContaining("48x32").hasMessageContaining("inkflow.cleaner.max-pixels");
    }

    @Test
    void jpegWithAnAdobeRgbProfileComesOutInSrgb() throws IOException {
        // TwelveMonkeys' own Adobe RGB (1998) compatible profile: the colours of most camera and Photoshop exports.
        ICC_Profile clayRgb;
        try (InputStream in = UserImageFormatsTest.class.getResourceAsStream("/profiles/ClayRGB1998.icc")) {
            assertThat(in).as("imageio-core's ClayRGB1998.icc").isNotNull();
            clayRgb = ICC_Profile.getInstance(in);
        }
        ICC_ColorSpace adobe = new ICC_ColorSpace(clayRgb);
        int orange = 0xe6781e;
        int teal = 0x1e8c8c;
        // 24x16: orange left half, teal right half, stored as Adobe RGB samples.
        int[] orangeStored = toSpace(adobe, orange);
        int[] tealStored = toSpace(adobe, teal);
        assertThat(Math.abs(orangeStored[1] - 0x78) + Math.abs(tealStored[0] - 0x1e))
                .as("Adobe RGB samples differ from sRGB, so ignoring the profile would show").isGreaterThan(20);
        BufferedImage stored = new BufferedImage(24, 16, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = stored.getRaster();
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                raster.setPixel(x, y, x < 12 ? orangeStored : tealStored);
            }
        }
        byte[] jpeg = withIccProfile(jpeg(stored), clayRgb.getData());

        BufferedImage image = decoder.decode(jpeg);
        assertThat(image.getWidth()).isEqualTo(24);
        assertThat(image.getHeight()).isEqualTo(16);
        assertClose(image.getRGB(5, 8), orange, 8);
        assertClose(image.getRGB(18, 8), teal, 8);
    }

    @Test
    void cmykJpegWithAnIccProfileIsConvertedThroughIt() throws IOException {
        // A small CMYK printer profile of our own (no CMYK profile may be committed here): cream paper and inks
        // far from the plain 1-C formula, so a decoder that ignored the profile would show pure cyan and white.
        int paper = 0xfaf0dc;
        int cyanInk = 0x0096c8;
        byte[] profile = CmykTestProfile.build(paper, cyanInk, 0xe6008c, 0xffe600, 0x1e1e1e);
        WritableRaster raster = java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE,
                24, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                // [C,M,Y,K] stored inverted, as Photoshop writes CMYK (and says so in its Adobe segment)
                raster.setPixel(x, y, x < 12 ? new int[] {0, 255, 255, 255} : new int[] {255, 255, 255, 255});
            }
        }
        byte[] adobeCmyk = new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0}; // transform 0: CMYK
        byte[] jpeg = withIccProfile(withSegment(SafeImageDecoderTest.jpeg(raster), 0xee, adobeCmyk), profile);

        BufferedImage image = decoder.decode(jpeg);
        assertThat(image.getWidth()).isEqualTo(24);
        assertThat(image.getHeight()).isEqualTo(16);
        assertClose(image.getRGB(5, 8), cyanInk, 10);
        assertClose(image.getRGB(18, 8), paper, 10);
    }

    private static int[] toSpace(ICC_ColorSpace space, int rgb) {
        float[] srgb = {((rgb >> 16) & 0xff) / 255f, ((rgb >> 8) & 0xff) / 255f, (rgb & 0xff) / 255f};
        float[] v = space.fromRGB(srgb);
        return new int[] {Math.round(v[0] * 255), Math.round(v[1] * 255), Math.round(v[2] * 255)};
    }

    static void assertClose(int actual, int expected, int tolerance) {
        for (int shift : new int[] {16, 8, 0}) {
            int a = (actual >> shift) & 0xff;
            int e = (expected >> shift) & 0xff;
            assertThat(Math.abs(a - e)).as("channel at bit %d of %06x vs %06x", shift, actual & 0xffffff, expected)
                    .isLessThanOrEqualTo(tolerance);
        }
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = UserImageFormatsTest.class.getResourceAsStream("/images/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** A JFIF JPEG of the image's samples as they are (the JDK writer, quality 0.95, no colour management). */
    static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Inserts an APP2 ICC_PROFILE segment (one chunk; profiles here are small) after SOI and the JFIF APP0. */
    static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
        payload.write(1); // chunk 1
        payload.write(1); // of 1
        payload.writeBytes(profile);
        return withSegment(jpeg, 0xe2, payload.toByteArray());
    }

    /** Inserts a marker segment after SOI and the JFIF APP0, if there is one. */
    static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        int length = 2 + payload.length;
        assertThat(length).isLessThan(65536);
        int at = 2;
        if ((jpeg[2] & 0xff) == 0xff && (jpeg[3] & 0xff) == 0xe0) {
            at = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, at);
        out.write(0xff);
        out.write(marker);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(payload);
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }
}
