package org.inkflow.cleaner.lineart;

import java.util.Locale;

/**
 * Where a sample's model input comes from. {@code PAIRED}: the source's own line art (e.g. OpenMoji's black
 * outline layer) when it has one; the others are made from the colour image.
 */
public enum LineArtMode {
    PAIRED,
    /** Dilate-minus-gray: gray, 3x3 dilation, absolute difference, inverted. */
    EXTRACTED,
    /** Extended difference of Gaussians. */
    XDOG,
    /** Plain luma: the model learns colorization of a grayscale photo rather than of line art. */
    GRAY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LineArtMode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "paired" -> PAIRED;
            case "extracted", "dilate-minus-gray" -> EXTRACTED;
            case "xdog" -> XDOG;
            case "gray", "grey", "grayscale" -> GRAY;
            default -> throw new IllegalArgumentException("line art '" + value + "' is unknown; use paired, extracted, xdog or gray");
        };
    }
}
