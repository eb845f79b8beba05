package org.inkflow.inference.it;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.inkflow.common.image.ImageArrays;

/** Small line drawings (black ink on white) of any size, as PNG or JPEG bytes, for the ITs. */
public final class Drawings {

    private Drawings() {
    }

    public static BufferedImage drawing(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(Math.max(1, Math.min(width, height) / 20f)));
            g.drawOval(width / 8 + seed % 5, height / 8, width / 2, height / 2);
            g.drawRect(width / 3, height / 3 + seed % 3, width / 2, height / 2);
            g.drawLine(0, height - 1 - seed % 4, width - 1, 0);
        } finally {
            g.dispose();
        }
        return image;
    }

    public static byte[] png(int width, int height, int seed) {
        return ImageArrays.encodePng(drawing(width, height, seed));
    }

    public static byte[] jpeg(int width, int height, int seed) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(drawing(width, height, seed), "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code [n, height, width, 1]} line art in [0,1] as a v2 JSON request body (flat data). */
    public static String inferRequest(String id, int n, int height, int width) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < n; i++) {
            float[] gray = lineArt(height, width, i);
            for (float v : gray) {
                if (data.length() > 0) {
                    data.append(',');
                }
                data.append(v);
            }
        }
        return "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"line_art\",\"datatype\":\"FP32\",\"shape\":[" + n + ","
                + height + "," + width + ",1],\"data\":[" + data + "]}],\"outputs\":[{\"name\":\"rgb\"}]}";
    }

    /** {@code [height, width]} gray of {@link #drawing}. */
    public static float[] lineArt(int height, int width, int seed) {
        return ImageArrays.toGray(drawing(width, height, seed));
    }

    /** A valid PNG signature and IHDR chunk claiming {@code width x height}, and no pixel data at all. */
    public static byte[] pngHeaderClaiming(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        byte[] type = "IHDR".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 4 + 13 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
                .putInt(13).put(type).put(ihdr.array()).putInt((int) crc.getValue())
                .array();
    }
}
