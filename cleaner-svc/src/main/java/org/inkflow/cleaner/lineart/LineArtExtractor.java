package org.inkflow.cleaner.lineart;

/**
 * Makes line art from a colour image's luma: {@code [H,W]} in, {@code [H,W]} out, row-major, values in [0,1] with
 * 1 = white paper and 0 = black ink (the model's input convention).
 */
public interface LineArtExtractor {

    float[] extract(float[] gray, int width, int height);

    /** The extractor for a mode made from the colour image (not {@link LineArtMode#PAIRED}). */
    static LineArtExtractor of(LineArtMode mode, XDoGExtractor xdog) {
        return switch (mode) {
            case EXTRACTED -> new DilateMinusGray();
            case XDOG -> xdog;
            case GRAY -> new GrayscaleLineArt();
            case PAIRED -> throw new IllegalArgumentException("paired line art comes from the source, not an extractor;"
                    + " choose extracted, xdog or gray for images without a pair");
        };
    }

    static void checkShape(float[] gray, int width, int height) {
        if (width < 1 || height < 1 || gray.length != width * height) {
            throw new IllegalArgumentException("gray array has " + gray.length + " values; a " + width + "x" + height
                    + " image needs " + (long) width * height);
        }
    }
}
