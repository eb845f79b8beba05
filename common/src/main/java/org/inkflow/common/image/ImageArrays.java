package org.inkflow.common.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Conversions between encoded images, {@link BufferedImage} and the float arrays the model sees: gray {@code [H,W]}
 * and RGB {@code [H,W,3]}, row-major, values in [0,1]. Decoding of untrusted bytes belongs to the cleaner's safe
 * decoder; this class decodes only what Inkflow itself wrote.
 */
public final class ImageArrays {

    private ImageArrays() {
    }

    /** Decodes PNG or JPEG bytes Inkflow wrote; a clear error when they are not an image. */
    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalArgumentException("not a PNG or JPEG image (" + bytes.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode image: " + e.getMessage(), e);
        }
    }

    public static byte[] encodePng(BufferedImage image) {
        // Not ImageIO.write: with ImageIO's default disk cache on, it buffers every PNG through a temporary file
        // (FileCacheImageOutputStream), a create, write and delete per image on the serving path.
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no PNG writer");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() + 1024);
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Luma (ITU-R BT.601) of each pixel, {@code [H,W]} row-major in [0,1]; alpha composited on white. */
    public static float[] toGray(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[h * w];
        if (isPlainGray(image)) {
            // getRGB would pass gray through a linear-to-sRGB conversion and lighten every mid-gray.
            readGrayRaster(image, out);
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                float[] rgb = onWhite(argb);
                out[y * w + x] = 0.299f * rgb[0] + 0.587f * rgb[1] + 0.114f * rgb[2];
            }
        }
        return out;
    }

    /** {@code [H,W,3]} row-major RGB in [0,1]; alpha composited on white. */
    public static float[] toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] out = new float[h * w * 3];
        if (isPlainGray(image)) {
            float[] gray = new float[h * w];
            readGrayRaster(image, gray);
            for (int i = 0; i < gray.length; i++) {
                out[3 * i] = gray[i];
                out[3 * i + 1] = gray[i];
                out[3 * i + 2] = gray[i];
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float[] rgb = onWhite(image.getRGB(x, y));
                int i = (y * w + x) * 3;
                out[i] = rgb[0];
                out[i + 1] = rgb[1];
                out[i + 2] = rgb[2];
            }
        }
        return out;
    }

    private static boolean isPlainGray(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_BYTE_GRAY || image.getType() == BufferedImage.TYPE_USHORT_GRAY;
    }

    private static void readGrayRaster(BufferedImage image, float[] out) {
        var raster = image.getRaster();
        float max = image.getType() == BufferedImage.TYPE_USHORT_GRAY ? 65535f : 255f;
        int w = image.getWidth();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = raster.getSample(x, y, 0) / max;
            }
        }
    }

    private static float[] onWhite(int argb) {
        float a = ((argb >>> 24) & 0xff) / 255f;
        float r = ((argb >> 16) & 0xff) / 255f;
        float g = ((argb >> 8) & 0xff) / 255f;
        float b = (argb & 0xff) / 255f;
        return new float[] {r * a + (1 - a), g * a + (1 - a), b * a + (1 - a)};
    }

    /** A gray image from {@code [H,W]} values in [0,1] (clamped). */
    public static BufferedImage fromGray(float[] gray, int width, int height) {
        checkLength(gray, width * height, "gray", width, height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        var raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, toByte(gray[y * width + x]));
            }
        }
        return image;
    }

    /** An RGB image from {@code [H,W,3]} values in [0,1] (clamped). */
    public static BufferedImage fromRgb(float[] rgb, int width, int height) {
        checkLength(rgb, width * height * 3, "rgb", width, height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                image.setRGB(x, y, (toByte(rgb[i]) << 16) | (toByte(rgb[i + 1]) << 8) | toByte(rgb[i + 2]));
            }
        }
        return image;
    }

    /** Scales to exactly {@code width x height} with bilinear filtering, on a white background. */
    public static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static int toByte(float v) {
        float c = Float.isNaN(v) ? 0f : Math.max(0f, Math.min(1f, v));
        return Math.round(c * 255f);
    }

    private static void checkLength(float[] data, int expected, String what, int width, int height) {
        if (data.length != expected) {
            throw new IllegalArgumentException(what + " array has " + data.length + " values; a " + width + "x"
                    + height + " image needs " + expected);
        }
    }
}
