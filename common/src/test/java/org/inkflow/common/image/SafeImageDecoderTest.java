package org.inkflow.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import org.junit.jupiter.api.Test;

class SafeImageDecoderTest {

    private final SafeImageDecoder decoder = new SafeImageDecoder(10_000);

    @Test
    void alphaIsCompositedOnWhiteAndAxesStayOnANonSquareImage() throws IOException {
        BufferedImage argb = new BufferedImage(5, 3, BufferedImage.TYPE_INT_ARGB); // transparent
        argb.setRGB(4, 2, 0xffff0000); // opaque red, bottom right
        argb.setRGB(1, 0, 0x80000000); // half-transparent black
        BufferedImage out = decoder.decode(png(argb));
        assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(out.getWidth()).isEqualTo(5);
        assertThat(out.getHeight()).isEqualTo(3);
        assertThat(out.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff);
        assertThat(out.getRGB(4, 2) & 0xffffff).isEqualTo(0xff0000);
        assertThat(out.getRGB(1, 0) & 0xff).isBetween(126, 128);
    }

    @Test
    void eightBitGrayKeepsItsStoredValue() throws IOException {
        BufferedImage gray = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(3, 1, 0, 128);
        gray.getRaster().setSample(0, 0, 0, 64);
        BufferedImage out = decoder.decode(png(gray));
        // Java's linear gray colour space would make 128 into 188 through getRGB.
        assertThat(out.getRGB(3, 1) & 0xff).isEqualTo(128);
        assertThat(out.getRGB(0, 0) & 0xffffff).isEqualTo(0x404040);
    }

    @Test
    void sixteenBitGrayAndGrayAlphaAreScaledToEightBits() throws IOException {
        BufferedImage gray16 = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(2, 1, 0, 32896); // 128.5 / 255 of full scale
        BufferedImage out = decoder.decode(png(gray16));
        assertThat(out.getRGB(2, 1) & 0xff).isEqualTo(128);
        assertThat(out.getRGB(0, 0) & 0xff).isZero();

        ComponentColorModel grayAlpha = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = grayAlpha.createCompatibleWritableRaster(3, 2);
        raster.setPixel(1, 0, new int[] {0, 255}); // opaque black
        raster.setPixel(2, 1, new int[] {0, 0}); // transparent black: white paper
        BufferedImage ga = new BufferedImage(grayAlpha, raster, false, null);
        BufferedImage out2 = decoder.decode(png(ga));
        assertThat(out2.getRGB(1, 0) & 0xffffff).isZero();
        assertThat(out2.getRGB(2, 1) & 0xffffff).isEqualTo(0xffffff);
    }

    @Test
    void sixteenBitRgbIsRead() throws IOException {
        ComponentColorModel rgb16 = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = rgb16.createCompatibleWritableRaster(4, 3);
        raster.setPixel(3, 2, new int[] {65535, 0, 32896});
        BufferedImage image = new BufferedImage(rgb16, raster, false, null);
        BufferedImage out = decoder.decode(png(image));
        assertThat(out.getRGB(3, 2) & 0xffffff).isEqualTo(0xff0080);
    }

    @Test
    void paletteWithATransparentEntryIsOnWhite() throws IOException {
        byte[] r = {0, (byte) 255};
        byte[] g = {0, 0};
        byte[] b = {0, 0};
        byte[] a = {0, (byte) 255};
        BufferedImage indexed = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, g, b, a));
        indexed.getRaster().setSample(2, 0, 0, 1);
        BufferedImage out = decoder.decode(png(indexed));
        assertThat(out.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff);
        assertThat(out.getRGB(2, 0) & 0xffffff).isEqualTo(0xff0000);
    }

    @Test
    void cmykJpegWithoutAdobeMarkerIsPlainInk() throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        fill(raster, new int[] {255, 0, 0, 0}); // full cyan, no black
        BufferedImage out = decoder.decode(jpeg(raster));
        assertThat(out.getWidth()).isEqualTo(16);
        assertThat(out.getHeight()).isEqualTo(8);
        int rgb = out.getRGB(5, 3);
        assertThat((rgb >> 16) & 0xff).isLessThan(12);
        assertThat((rgb >> 8) & 0xff).isGreaterThan(243);
        assertThat(rgb & 0xff).isGreaterThan(243);
    }

    @Test
    void adobeCmykJpegIsInverted() throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        // Photoshop's convention: 255 = no ink. Magenta ink only.
        fill(raster, new int[] {255, 0, 255, 255});
        byte[] plain = jpeg(raster);
        byte[] adobe = withAdobeSegment(plain, 0);
        int rgb = decoder.decode(adobe).getRGB(7, 4);
        assertThat((rgb >> 16) & 0xff).isGreaterThan(243);
        assertThat((rgb >> 8) & 0xff).isLessThan(12);
        assertThat(rgb & 0xff).isGreaterThan(243);
    }

    @Test
    void rgbJpegIsRead() throws IOException {
        BufferedImage image = new BufferedImage(7, 3, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 7; x++) {
                image.setRGB(x, y, 0x2060c0);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        BufferedImage back = decoder.decode(out.toByteArray());
        assertThat(back.getWidth()).isEqualTo(7);
        assertThat(back.getRGB(6, 2) & 0xff).isBetween(0xb0, 0xd0);
        assertThat(decoder.readHeader(out.toByteArray())).isEqualTo(new ImageHeader("jpeg", 7, 3));
    }

    @Test
    void headerClaimingTenBillionPixelsIsRefusedBeforeDecoding() {
        byte[] bomb = pngHeaderOnly(100_000, 100_000);
        assertThat(decoder.readHeader(bomb)).isEqualTo(new ImageHeader("png", 100_000, 100_000));
        assertThatThrownBy(() -> decoder.decode(bomb))
                .isInstanceOfSatisfying(ImageDecodeException.class, e -> {
                    assertThat(e.problem()).isEqualTo(ImageDecodeException.Problem.TOO_MANY_PIXELS);
                    assertThat(e.value()).isEqualTo(1e10);
                    assertThat(e.limit()).isEqualTo(10_000);
                })
                .hasMessageContaining("100000x100000").hasMessageContaining("limit is 10000");
    }

    @Test
    void corruptTruncatedAndForeignBytesAreClearErrors() throws IOException {
        byte[] good = png(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB));
        byte[] truncated = Arrays.copyOf(good, 40);
        assertThatThrownBy(() -> decoder.decode(truncated))
                .isInstanceOfSatisfying(ImageDecodeException.class,
                        e -> assertThat(e.problem()).isEqualTo(ImageDecodeException.Problem.CORRUPT));
        assertThatThrownBy(() -> decoder.decode("<svg></svg>".getBytes()))
                .isInstanceOfSatisfying(ImageDecodeException.class,
                        e -> assertThat(e.problem()).isEqualTo(ImageDecodeException.Problem.UNSUPPORTED_FORMAT))
                .hasMessageContaining("not a PNG, JPEG");
        assertThatThrownBy(() -> decoder.decode(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> new SafeImageDecoder(10, 4, null).decode(good))
                .isInstanceOfSatisfying(ImageDecodeException.class,
                        e -> assertThat(e.problem()).isEqualTo(ImageDecodeException.Problem.TOO_MANY_BYTES));
    }

    @Test
    void zeroSizedHeaderIsCorrupt() {
        assertThatThrownBy(() -> decoder.decode(pngHeaderOnly(0, 5))).isInstanceOf(ImageDecodeException.class);
    }

    private static void fill(WritableRaster raster, int[] pixel) {
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                raster.setPixel(x, y, pixel);
            }
        }
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "png", out)).isTrue();
        return out.toByteArray();
    }

    static byte[] jpeg(Raster raster) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Inserts an APP14 Adobe segment right after SOI, as Photoshop writes one. */
    private static byte[] withAdobeSegment(byte[] jpeg, int transform) {
        byte[] segment = {(byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    /** A PNG signature and an IHDR chunk claiming {@code width x height} RGB pixels, then a tiny IDAT and IEND. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer buf = ByteBuffer.allocate(8 + 25 + 12 + 12 + 12);
        buf.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(buf, "IHDR", ihdr.array());
        chunk(buf, "IDAT", new byte[0]);
        chunk(buf, "IEND", new byte[0]);
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private static void chunk(ByteBuffer buf, String type, byte[] data) {
        buf.putInt(data.length);
        byte[] t = type.getBytes();
        buf.put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        buf.putInt((int) crc.getValue());
    }
}
