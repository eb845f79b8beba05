package org.inkflow.cleaner;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.inkflow.cleaner.normalize.SampleImage;

/** Crafted images for the tests: shapes, a decompression-bomb header, and the OpenMoji fixtures. */
public final class TestImages {

    /** The OpenMoji fixtures under src/test/resources/openmoji (see its README). */
    public static final List<String> OPENMOJI = List.of("1F994", "1F473-200D-2642-FE0F", "1FA96", "1F932-1F3FC",
            "1F9D1-200D-1F9B0", "1F1FE", "1F64B-1F3FE-200D-2640-FE0F", "1F68F", "1F9BB", "E30E",
            "1F3C3-1F3FF-200D-2640-FE0F-200D-27A1-FE0F", "1F446-1F3FE", "1F44B-1F3FB", "1F44B-1F3FC", "1F600");

    private TestImages() {
    }

    public static byte[] openmoji(String kind, String hexcode) {
        try (InputStream in = TestImages.class.getResourceAsStream("/openmoji/" + kind + "/" + hexcode + ".png")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture openmoji/" + kind + "/" + hexcode + ".png");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A white canvas with a filled, outlined shape: colourful, few edges, the kind of picture the cleaner keeps. */
    public static BufferedImage drawing(int width, int height, Color fill, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        java.util.Random random = new java.util.Random(seed);
        int w = width / 2 + random.nextInt(width / 4);
        int h = height / 2 + random.nextInt(height / 4);
        int x = random.nextInt(width - w);
        int y = random.nextInt(height - h);
        g.setColor(fill);
        if (seed % 2 == 0) {
            g.fillOval(x, y, w, h);
        } else {
            g.fillRect(x, y, w, h);
        }
        g.setColor(new Color(fill.getRed() / 3, fill.getGreen() / 3 + 40, 255 - fill.getBlue() / 2));
        g.fillRect(x + w / 4, y + h / 4, w / 3, h / 3);
        g.setColor(Color.BLACK);
        g.setStroke(new java.awt.BasicStroke(Math.max(1, width / 40f)));
        if (seed % 2 == 0) {
            g.drawOval(x, y, w, h);
        } else {
            g.drawRect(x, y, w, h);
        }
        g.dispose();
        return image;
    }

    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] jpeg(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage gray(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int l = (int) Math.round(0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff));
                out.setRGB(x, y, (l << 16) | (l << 8) | l);
            }
        }
        return out;
    }

    public static BufferedImage solid(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** {@code [H,W,3]} of a {@code TYPE_INT_RGB} picture, as the filters see it. */
    public static SampleImage sample(BufferedImage image) {
        return SampleImage.of(image);
    }

    /** A PNG signature and an IHDR chunk claiming {@code width x height} RGB pixels, then an empty IDAT and IEND. */
    public static byte[] pngBomb(int width, int height) {
        ByteBuffer buf = ByteBuffer.allocate(8 + 25 + 12 + 12);
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
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        buf.put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        buf.putInt((int) crc.getValue());
    }
}
