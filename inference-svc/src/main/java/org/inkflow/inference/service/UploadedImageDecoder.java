package org.inkflow.inference.service;

import java.awt.image.BufferedImage;
import org.inkflow.common.image.ImageDecodeException;
import org.inkflow.common.image.SafeImageDecoder;

/**
 * Decodes an uploaded drawing with the platform's {@link SafeImageDecoder} (format from the magic bytes, the
 * header's dimensions checked against the pixel limit before any pixel is decoded, alpha on white, CMYK and 16-bit
 * handled) and turns each refusal into the HTTP status that says whose fault it is: 400 empty or corrupt, 413 too
 * many pixels or bytes, 415 not an image.
 */
public final class UploadedImageDecoder {

    static final String PIXEL_SETTING = "inkflow.inference.limits.max-pixels";

    private final SafeImageDecoder decoder;

    /**
     * @param maxPixels the most pixels (width x height) an upload may have ({@code inkflow.inference.limits.max-pixels})
     * @param maxBytes  the most encoded bytes ({@code inkflow.inference.limits.max-image-bytes})
     */
    public UploadedImageDecoder(long maxPixels, long maxBytes) {
        this.decoder = new SafeImageDecoder(maxPixels, maxBytes, PIXEL_SETTING);
    }

    public BufferedImage decode(byte[] bytes) {
        return decode(bytes, false);
    }

    /** As {@link #decode(byte[])}, keeping the alpha channel (color hints: transparent = no hint). */
    public BufferedImage decodeWithAlpha(byte[] bytes) {
        return decode(bytes, true);
    }

    private BufferedImage decode(byte[] bytes, boolean alpha) {
        if (bytes == null || bytes.length == 0) {
            throw new RejectedRequestException(400, "empty", "the request body is empty; send a PNG or JPEG image");
        }
        try {
            return alpha ? decoder.decodeWithAlpha(bytes) : decoder.decode(bytes);
        } catch (ImageDecodeException e) {
            throw switch (e.problem()) {
                case UNSUPPORTED_FORMAT -> new RejectedRequestException(415, "unsupported_media_type",
                        e.getMessage() + "; send a PNG or JPEG image");
                case TOO_MANY_PIXELS -> new RejectedRequestException(413, "too_many_pixels", e.getMessage());
                case TOO_MANY_BYTES -> new RejectedRequestException(413, "too_large", e.getMessage()
                        + " (inkflow.inference.limits.max-image-bytes)");
                case CORRUPT -> new RejectedRequestException(400, "bad_image", "cannot decode the image: "
                        + e.getMessage() + "; is the file complete?");
            };
        }
    }
}
