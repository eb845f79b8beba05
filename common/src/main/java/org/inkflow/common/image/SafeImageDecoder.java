package org.inkflow.common.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes untrusted PNG, JPEG, GIF, WebP or BMP bytes ({@link ImageFormat}) into an opaque {@code TYPE_INT_RGB} image.
 * The dimensions are read from the header first and an image above the pixel limit is refused before a single pixel
 * is allocated (decompression bombs). Alpha is composited on white paper; gray (8 and 16 bit, with alpha), palette,
 * 16-bit RGB and CMYK/YCCK JPEGs are handled; a JPEG's embedded ICC profile (CMYK or RGB) is applied by
 * TwelveMonkeys' reader, as is WebP (lossy and lossless). Gray samples are taken as they are stored (gamma-encoded, as PNG means them),
 * not through Java's linear gray color space, which would lighten every mid-tone. Thread-safe.
 */
public final class SafeImageDecoder {

    /** 4096 x 4096: well above any training image, far below what exhausts a service's heap. */
    public static final long DEFAULT_MAX_PIXELS = 16_777_216L;
    /** 64 MiB of encoded bytes. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    private final long maxPixels;
    private final long maxBytes;
    private final String pixelSetting;

    /**
     * @param maxPixels    the most pixels (width x height) an image may have
     * @param maxBytes     the most encoded bytes an image may have
     * @param pixelSetting the configuration property that sets {@code maxPixels}, named in error messages
     */
    public SafeImageDecoder(long maxPixels, long maxBytes, String pixelSetting) {
        if (maxPixels < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("pixel and byte limits must be positive, not " + maxPixels + " and " + maxBytes);
        }
        this.maxPixels = maxPixels;
        this.maxBytes = maxBytes;
        this.pixelSetting = pixelSetting;
    }

    public SafeImageDecoder(long maxPixels) {
        this(maxPixels, DEFAULT_MAX_BYTES, null);
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** The ImageIO format name ({@code png}, {@code jpeg}, {@code gif}, {@code webp}, {@code bmp}) from the magic bytes, or null. */
    public static String sniffFormat(byte[] bytes) {
        return ImageFormat.sniff(bytes).map(ImageFormat::formatName).orElse(null);
    }

    /** Reads format and dimensions from the header only; refuses unsupported or unreadable headers. */
    public ImageHeader readHeader(byte[] bytes) {
        checkBytes(bytes);
        String format = requireFormat(bytes);
        ImageReader reader = readerFor(format);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            return header(format, reader);
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Decodes to an opaque RGB image (alpha on white), after checking the byte and pixel limits against the header.
     *
     * @throws ImageDecodeException when the bytes are not a supported image, are corrupt, or are too large
     */
    public BufferedImage decode(byte[] bytes) {
        return onWhite(decodeWithAlpha(bytes));
    }

    /**
     * As {@link #decode}, keeping the image's alpha (a color-hints PNG: transparent = no hint); an image without alpha
     * comes back as it was read.
     */
    public BufferedImage decodeWithAlpha(byte[] bytes) {
        checkBytes(bytes);
        String format = requireFormat(bytes);
        if ("jpeg".equals(format)) {
            JpegFrame frame = JpegFrame.parse(bytes);
            // Without a profile there is no right answer for CMYK ink; the plain formula keeps pure inks pure.
            // With one, the reader converts through it (ICC-correct colours).
            if (frame.components() == 4 && !frame.iccProfile()) {
                return decodeCmykJpeg(bytes, frame);
            }
        }
        ImageReader reader = readerFor(format);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            checkPixels(header(format, reader));
            return reader.read(0, reader.getDefaultReadParam());
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e);
        } finally {
            reader.dispose();
        }
    }

    private BufferedImage decodeCmykJpeg(byte[] bytes, JpegFrame frame) {
        ImageReader reader = readerFor("jpeg");
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            checkPixels(header("jpeg", reader));
            // readRaster skips colour conversion, which the JDK cannot do for CMYK: the samples come back as stored.
            Raster raster = reader.readRaster(0, reader.getDefaultReadParam());
            return cmykToRgb(raster, frame.adobeTransform());
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt("jpeg", e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * CMYK or YCCK samples to RGB by the naive formula {@code R = (1-C)(1-K)}. Adobe (APP14) files store every
     * channel inverted; transform 2 means the first three channels are YCbCr of the inverted CMY.
     */
    static BufferedImage cmykToRgb(Raster raster, int adobeTransform) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] samples = raster.getPixels(raster.getMinX(), raster.getMinY(), w, h, (int[]) null); // [H,W,4]
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        boolean inverted = adobeTransform >= 0;
        for (int i = 0; i < w * h; i++) {
            int s0 = samples[i * 4];
            int s1 = samples[i * 4 + 1];
            int s2 = samples[i * 4 + 2];
            int s3 = samples[i * 4 + 3];
            int c;
            int m;
            int y;
            if (adobeTransform == 2) {
                // YCbCr -> RGB (JFIF), which yields the inverted C, M, Y.
                double yy = s0;
                double cb = s1 - 128.0;
                double cr = s2 - 128.0;
                c = clamp((int) Math.round(yy + 1.402 * cr));
                m = clamp((int) Math.round(yy - 0.344136 * cb - 0.714136 * cr));
                y = clamp((int) Math.round(yy + 1.772 * cb));
            } else if (inverted) {
                c = s0;
                m = s1;
                y = s2;
            } else {
                c = 255 - s0;
                m = 255 - s1;
                y = 255 - s2;
            }
            int k = inverted ? s3 : 255 - s3;
            int r = (c * k + 127) / 255;
            int g = (m * k + 127) / 255;
            int b = (y * k + 127) / 255;
            px[i] = (r << 16) | (g << 8) | b;
        }
        return out;
    }

    /** Any decoded image as opaque RGB, alpha composited on white. */
    static BufferedImage onWhite(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        ColorModel cm = src.getColorModel();
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)) {
            grayOnWhite(src, cm, px);
        } else if (!interleavedBytesOnWhite(src, px)) {
            int[] argb = src.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                px[i] = compositeOnWhite(argb[i]);
            }
        }
        return out;
    }

    /**
     * The common case of ImageIO's PNG and JPEG readers, 8-bit BGR or ABGR bytes, read straight from the raster:
     * {@code getRGB} would go through the colour model pixel by pixel, several times slower.
     */
    private static boolean interleavedBytesOnWhite(BufferedImage src, int[] px) {
        int type = src.getType();
        if (type != BufferedImage.TYPE_3BYTE_BGR && type != BufferedImage.TYPE_4BYTE_ABGR) {
            return false;
        }
        java.awt.image.WritableRaster raster = src.getRaster();
        if (!(raster.getDataBuffer() instanceof java.awt.image.DataBufferByte db)
                || !(raster.getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel sm)
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || db.getNumBanks() != 1 || db.getOffset() != 0) {
            return false;
        }
        byte[] data = db.getData();
        int w = src.getWidth();
        int h = src.getHeight();
        int stride = sm.getPixelStride();
        int scanline = sm.getScanlineStride();
        int[] offsets = sm.getBandOffsets(); // R, G, B (, A) positions within a pixel
        boolean alpha = type == BufferedImage.TYPE_4BYTE_ABGR;
        for (int y = 0; y < h; y++) {
            int row = y * scanline;
            for (int x = 0; x < w; x++) {
                int p = row + x * stride;
                int r = data[p + offsets[0]] & 0xff;
                int g = data[p + offsets[1]] & 0xff;
                int b = data[p + offsets[2]] & 0xff;
                int argb = (r << 16) | (g << 8) | b;
                px[y * w + x] = alpha ? compositeOnWhite(((data[p + offsets[3]] & 0xff) << 24) | argb) : argb;
            }
        }
        return true;
    }

    private static void grayOnWhite(BufferedImage src, ColorModel cm, int[] px) {
        Raster raster = src.getRaster();
        int w = src.getWidth();
        int h = src.getHeight();
        int bands = raster.getNumBands();
        double grayMax = (1L << cm.getComponentSize(0)) - 1;
        boolean alpha = bands > 1 && cm.hasAlpha();
        double alphaMax = alpha ? (1L << cm.getComponentSize(bands - 1)) - 1 : 1;
        int[] gray = raster.getSamples(0, 0, w, h, 0, (int[]) null);
        int[] alphas = alpha ? raster.getSamples(0, 0, w, h, bands - 1, (int[]) null) : null;
        for (int i = 0; i < gray.length; i++) {
            double v = gray[i] / grayMax;
            if (alphas != null) {
                double a = alphas[i] / alphaMax;
                v = v * a + (1 - a);
            }
            int g = clamp((int) Math.round(v * 255));
            px[i] = (g << 16) | (g << 8) | g;
        }
    }

    private static int compositeOnWhite(int argb) {
        int a = (argb >>> 24) & 0xff;
        if (a == 255) {
            return argb & 0xffffff;
        }
        int r = ((argb >> 16) & 0xff) * a + 255 * (255 - a);
        int g = ((argb >> 8) & 0xff) * a + 255 * (255 - a);
        int b = (argb & 0xff) * a + 255 * (255 - a);
        return (((r + 127) / 255) << 16) | (((g + 127) / 255) << 8) | ((b + 127) / 255);
    }

    private ImageHeader header(String format, ImageReader reader) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException(ImageDecodeException.Problem.CORRUPT,
                    "the " + format + " header says " + width + "x" + height + " pixels; send an image with a positive size");
        }
        return new ImageHeader(format, width, height);
    }

    private void checkPixels(ImageHeader header) {
        if (header.pixels() > maxPixels) {
            throw new ImageDecodeException(ImageDecodeException.Problem.TOO_MANY_PIXELS,
                    "image is " + header.width() + "x" + header.height() + " pixels (" + header.pixels() + "); the limit is "
                            + maxPixels + (pixelSetting == null ? "" : " (" + pixelSetting + ")")
                            + ": send a smaller image", header.pixels(), maxPixels, null);
        }
    }

    private void checkBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageDecodeException(ImageDecodeException.Problem.CORRUPT, "no image bytes (empty input)");
        }
        if (bytes.length > maxBytes) {
            throw new ImageDecodeException(ImageDecodeException.Problem.TOO_MANY_BYTES,
                    "image is " + bytes.length + " bytes; the limit is " + maxBytes, bytes.length, maxBytes, null);
        }
    }

    private static String requireFormat(byte[] bytes) {
        String format = sniffFormat(bytes);
        if (format == null) {
            throw new ImageDecodeException(ImageDecodeException.Problem.UNSUPPORTED_FORMAT,
                    "not a PNG, JPEG, GIF, WebP or BMP image (" + bytes.length + " bytes, starting " + hexPrefix(bytes) + ")");
        }
        return format;
    }

    private static ImageReader readerFor(String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            // ImageIO registers plugins from the class loader of its first caller; a test runner's may lack ours.
            ImageIO.scanForPlugins();
            readers = ImageIO.getImageReadersByFormatName(format);
        }
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JVM has no ImageIO reader for " + format
                    + "; put com.twelvemonkeys.imageio:imageio-webp and imageio-jpeg on the classpath");
        }
        return readers.next();
    }

    private static ImageDecodeException corrupt(String format, Exception e) {
        if (e instanceof ImageDecodeException ide) {
            return ide;
        }
        return new ImageDecodeException(ImageDecodeException.Problem.CORRUPT,
                "cannot decode the " + format + " image: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()), Double.NaN, Double.NaN, e);
    }

    private static String hexPrefix(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            out.append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.toString();
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    /** The parts of a JPEG's headers the decoding depends on: component count, Adobe transform, an ICC profile. */
    record JpegFrame(int components, int adobeTransform, boolean iccProfile) {

        /** Walks the marker segments up to the first scan; {@code adobeTransform} is -1 without an APP14 Adobe segment. */
        static JpegFrame parse(byte[] b) {
            int components = -1;
            int transform = -1;
            boolean icc = false;
            int i = 2;
            while (i + 3 < b.length) {
                if ((b[i] & 0xff) != 0xff) {
                    break; // not at a marker: leave the rest to the real decoder, which reports corruption well
                }
                int marker = b[i + 1] & 0xff;
                if (marker == 0xff) {
                    i++; // fill byte
                    continue;
                }
                if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                    i += 2; // standalone markers carry no length
                    continue;
                }
                if (marker == 0xda || marker == 0xd9) {
                    break; // start of scan or end of image: every header has been seen
                }
                int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
                int data = i + 4;
                if (length < 2 || data + length - 2 > b.length) {
                    break;
                }
                boolean sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
                if (sof && length >= 8) {
                    components = b[data + 5] & 0xff;
                } else if (marker == 0xee && length >= 14 && b[data] == 'A' && b[data + 1] == 'd' && b[data + 2] == 'o'
                        && b[data + 3] == 'b' && b[data + 4] == 'e') {
                    transform = b[data + 11] & 0xff;
                } else if (marker == 0xe2 && length >= 14 && new String(b, data, 11, java.nio.charset.StandardCharsets.US_ASCII)
                        .equals("ICC_PROFILE")) {
                    icc = true;
                }
                i = data + length - 2;
            }
            return new JpegFrame(components, transform, icc);
        }
    }
}
