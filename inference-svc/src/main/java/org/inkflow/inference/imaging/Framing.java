package org.inkflow.inference.imaging;

import java.awt.image.BufferedImage;
import org.inkflow.common.image.ImageArrays;

/**
 * How an image of any size becomes model input and comes back: the image (scaled or not) is the <em>content</em>,
 * centred on a white canvas whose sides are multiples of the model's {@code sizeMultiple}; the model colors the
 * canvas, the content is cut out and scaled back to the original size. White is paper, so padding is what a
 * drawing's margin already looks like.
 *
 * @param originalWidth  the upload's width
 * @param originalHeight the upload's height
 * @param contentWidth   the content's width on the canvas
 * @param contentHeight  the content's height on the canvas
 * @param width          the canvas (model input) width, a multiple of sizeMultiple
 * @param height         the canvas (model input) height, a multiple of sizeMultiple
 */
public record Framing(int originalWidth, int originalHeight, int contentWidth, int contentHeight, int width, int height) {

    /** How {@code /colorize} sizes its input. */
    public enum Mode {
        /** Scale to fit the model's training size (keeping the aspect ratio), pad to a square, scale back. */
        FIT,
        /** Run fully convolutionally at the image's own size, padded to the size multiple, up to a pixel limit. */
        NATIVE
    }

    public Framing {
        if (contentWidth > width || contentHeight > height || contentWidth < 1 || contentHeight < 1) {
            throw new IllegalArgumentException("content " + contentWidth + "x" + contentHeight
                    + " does not fit the canvas " + width + "x" + height);
        }
    }

    /**
     * Chooses the framing: {@link Mode#NATIVE} when the padded image has at most {@code maxNativePixels}, else
     * {@link Mode#FIT} into {@code imageSize x imageSize} (rounded up to the multiple).
     */
    public static Framing plan(int width, int height, Mode mode, int imageSize, int sizeMultiple, long maxNativePixels) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("an image needs at least 1x1 pixels, not " + width + "x" + height);
        }
        if (mode == Mode.NATIVE) {
            int w = roundUp(width, sizeMultiple);
            int h = roundUp(height, sizeMultiple);
            if ((long) w * h <= maxNativePixels) {
                return new Framing(width, height, width, height, w, h);
            }
        }
        int side = roundUp(Math.max(imageSize, 1), sizeMultiple);
        double scale = (double) side / Math.max(width, height);
        int cw = Math.max(1, Math.min(side, (int) Math.round(width * scale)));
        int ch = Math.max(1, Math.min(side, (int) Math.round(height * scale)));
        return new Framing(width, height, cw, ch, side, side);
    }

    static int roundUp(int value, int multiple) {
        int m = Math.max(1, multiple);
        return (value + m - 1) / m * m;
    }

    public int offsetX() {
        return (width - contentWidth) / 2;
    }

    public int offsetY() {
        return (height - contentHeight) / 2;
    }

    /** The model input: {@code [height, width]} gray (one image of {@code [1,H,W,1]}), white around the content. */
    public float[] lineArt(BufferedImage image) {
        return place(contentGray(image));
    }

    /** The upload scaled to the content size, as gray {@code [contentHeight, contentWidth]} in [0,1]. */
    public float[] contentGray(BufferedImage image) {
        if (image.getWidth() != originalWidth || image.getHeight() != originalHeight) {
            throw new IllegalArgumentException("framing planned for " + originalWidth + "x" + originalHeight
                    + ", given " + image.getWidth() + "x" + image.getHeight());
        }
        BufferedImage content = contentWidth == originalWidth && contentHeight == originalHeight
                ? image : ImageArrays.resize(image, contentWidth, contentHeight);
        return ImageArrays.toGray(content);
    }

    /** Puts {@code [contentHeight, contentWidth]} gray values on the white {@code [height, width]} canvas. */
    public float[] place(float[] contentGray) {
        if (contentGray.length != contentWidth * contentHeight) {
            throw new IllegalArgumentException("content has " + contentGray.length + " values; "
                    + contentWidth + "x" + contentHeight + " needs " + contentWidth * contentHeight);
        }
        float[] canvas = new float[width * height]; // [H, W] gray, 1 = white paper
        java.util.Arrays.fill(canvas, 1f);
        int ox = offsetX();
        int oy = offsetY();
        for (int y = 0; y < contentHeight; y++) {
            System.arraycopy(contentGray, y * contentWidth, canvas, (oy + y) * width + ox, contentWidth);
        }
        return canvas;
    }

    /**
     * Color hints {@code [height, width, 4]} (one image of {@code [1,H,W,4]}) from a hints image of the upload's size:
     * scaled to the content like the drawing (nearest pixel, so a hint keeps its color), placed on the canvas; a pixel
     * with alpha of at least half is a hint of its RGB (mask 1), a more transparent one and the padding are none.
     */
    public float[] hints(BufferedImage hintImage) {
        if (hintImage.getWidth() != originalWidth || hintImage.getHeight() != originalHeight) {
            throw new IllegalArgumentException("the hints image is " + hintImage.getWidth() + "x"
                    + hintImage.getHeight() + "; it must have the drawing's size, " + originalWidth + "x"
                    + originalHeight + " (transparent where there is no hint)");
        }
        boolean alpha = hintImage.getColorModel().hasAlpha();
        float[] canvas = new float[width * height * 4]; // [H, W, 4] R, G, B, mask; zeros = no hint
        int ox = offsetX();
        int oy = offsetY();
        for (int y = 0; y < contentHeight; y++) {
            int sy = Math.min(originalHeight - 1, (int) ((y + 0.5) * originalHeight / contentHeight));
            for (int x = 0; x < contentWidth; x++) {
                int sx = Math.min(originalWidth - 1, (int) ((x + 0.5) * originalWidth / contentWidth));
                int argb = hintImage.getRGB(sx, sy);
                if (alpha && (argb >>> 24) < 128) {
                    continue;
                }
                int p = ((oy + y) * width + ox + x) * 4;
                canvas[p] = ((argb >> 16) & 0xFF) / 255f;
                canvas[p + 1] = ((argb >> 8) & 0xFF) / 255f;
                canvas[p + 2] = (argb & 0xFF) / 255f;
                canvas[p + 3] = 1f;
            }
        }
        return canvas;
    }

    /** Cuts the content out of the model's {@code [height, width, 3]} output: {@code [contentHeight, contentWidth, 3]}. */
    public float[] crop(float[] rgb) {
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("model output has " + rgb.length + " values; a " + width + "x"
                    + height + " RGB canvas needs " + width * height * 3);
        }
        float[] out = new float[contentWidth * contentHeight * 3];
        int ox = offsetX();
        int oy = offsetY();
        for (int y = 0; y < contentHeight; y++) {
            System.arraycopy(rgb, ((oy + y) * width + ox) * 3, out, y * contentWidth * 3, contentWidth * 3);
        }
        return out;
    }

    /** The colored result at the upload's own size. */
    public BufferedImage result(float[] rgb) {
        BufferedImage content = ImageArrays.fromRgb(crop(rgb), contentWidth, contentHeight);
        return contentWidth == originalWidth && contentHeight == originalHeight
                ? content : ImageArrays.resize(content, originalWidth, originalHeight);
    }
}
