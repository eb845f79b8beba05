package org.inkflow.common.image;

/**
 * Untrusted image bytes that {@link SafeImageDecoder} refused: not a supported format, corrupt, or larger than the
 * pixel limit. {@link #problem()} says which, so a service can answer 415, 400 or 413, or record a rejection rule.
 */
public class ImageDecodeException extends IllegalArgumentException {

    /** Why the image was refused. */
    public enum Problem {
        /** Neither PNG, JPEG, GIF nor BMP. */
        UNSUPPORTED_FORMAT,
        /** The header or pixel data cannot be read. */
        CORRUPT,
        /** The header claims more pixels than the limit (a decompression bomb, or just too big). */
        TOO_MANY_PIXELS,
        /** More encoded bytes than the byte limit. */
        TOO_MANY_BYTES
    }

    private final Problem problem;
    private final double value;
    private final double limit;

    public ImageDecodeException(Problem problem, String message, double value, double limit, Throwable cause) {
        super(message, cause);
        this.problem = problem;
        this.value = value;
        this.limit = limit;
    }

    public ImageDecodeException(Problem problem, String message) {
        this(problem, message, Double.NaN, Double.NaN, null);
    }

    public Problem problem() {
        return problem;
    }

    /** The measured value that broke the limit (pixels or bytes), NaN when the problem has none. */
    public double value() {
        return value;
    }

    /** The limit that was broken, NaN when the problem has none. */
    public double limit() {
        return limit;
    }
}
