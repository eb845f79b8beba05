package org.inkflow.common.image;

/** What an image's header says before any pixel is decoded: its format and dimensions. */
public record ImageHeader(String format, int width, int height) {

    /** Width times height, as a long so a forged header cannot overflow it. */
    public long pixels() {
        return (long) width * height;
    }
}
