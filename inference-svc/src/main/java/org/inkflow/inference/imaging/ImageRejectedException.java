package org.inkflow.inference.imaging;

/** An uploaded image the service will not decode; {@link #status()} is the HTTP status that says why. */
public class ImageRejectedException extends RuntimeException {

    private final int status;
    private final String reason;

    /**
     * @param status  400 (unreadable), 413 (too large) or 415 (not a PNG or JPEG)
     * @param reason  a short metric label: {@code empty}, {@code too_large}, {@code unsupported_media_type}, ...
     * @param message what was wrong and what to do
     */
    public ImageRejectedException(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
