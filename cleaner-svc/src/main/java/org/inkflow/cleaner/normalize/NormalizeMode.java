package org.inkflow.cleaner.normalize;

import java.util.Locale;

/** How a picture of any shape becomes a square sample. */
public enum NormalizeMode {
    /** Scale the longer side to the square and pad the rest with white paper: nothing is cut off. */
    PAD,
    /** Scale the shorter side to the square and cut the overflow evenly from both ends. */
    CROP;

    public static NormalizeMode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "pad", "fit-pad", "fit-and-pad" -> PAD;
            case "crop", "center-crop" -> CROP;
            default -> throw new IllegalArgumentException("normalize mode '" + value + "' is unknown; use pad or crop");
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
