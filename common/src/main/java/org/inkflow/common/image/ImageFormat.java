package org.inkflow.common.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The image formats Inkflow accepts, recognised by their magic bytes rather than by what a server claims: the one
 * list the crawler keeps images by and {@link SafeImageDecoder} decodes, so nothing is crawled that cannot be cleaned.
 */
public enum ImageFormat {
    PNG("png", "image/png", "png"),
    JPEG("jpeg", "image/jpeg", "jpg"),
    GIF("gif", "image/gif", "gif"),
    /** Lossy and lossless, through TwelveMonkeys' ImageIO reader (the JDK has none). */
    WEBP("webp", "image/webp", "webp"),
    BMP("bmp", "image/bmp", "bmp");

    private final String formatName;
    private final String contentType;
    private final String extension;

    ImageFormat(String formatName, String contentType, String extension) {
        this.formatName = formatName;
        this.contentType = contentType;
        this.extension = extension;
    }

    /** The ImageIO format name, also {@link ImageHeader#format()}. */
    public String formatName() {
        return formatName;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** Every accepted content type, e.g. to check a configured allow-list against. */
    public static List<String> contentTypes() {
        return Arrays.stream(values()).map(ImageFormat::contentType).toList();
    }

    /** The format the first bytes announce; empty for anything else (HTML error pages, truncated junk...). */
    public static Optional<ImageFormat> sniff(byte[] data) {
        if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(data, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(data, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        if (data.length >= 14 && startsWith(data, 0, 'B', 'M')) {
            return Optional.of(BMP);
        }
        return Optional.empty();
    }

    /** The format whose usual file extension this is ({@code jpeg} and {@code jpg} both JPEG). */
    public static Optional<ImageFormat> ofExtension(String extension) {
        if (extension == null) {
            return Optional.empty();
        }
        String e = extension.toLowerCase(Locale.ROOT);
        return switch (e) {
            case "png" -> Optional.of(PNG);
            case "jpg", "jpeg" -> Optional.of(JPEG);
            case "gif" -> Optional.of(GIF);
            case "webp" -> Optional.of(WEBP);
            case "bmp" -> Optional.of(BMP);
            default -> Optional.empty();
        };
    }

    /**
     * Width and height from the image header only (no pixel decoding, so a huge image costs nothing); empty when
     * no ImageIO reader knows the format or the header is unreadable.
     */
    public static Optional<int[]> dimensions(byte[] data) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            if (in == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(new int[] {reader.getWidth(0), reader.getHeight(0)});
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean startsWith(byte[] data, int offset, int... magic) {
        if (data.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[offset + i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
