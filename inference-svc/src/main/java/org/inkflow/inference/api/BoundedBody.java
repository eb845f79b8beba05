package org.inkflow.inference.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.inkflow.inference.service.RejectedRequestException;

/**
 * A request body read up to a limit: one byte more and the request is refused with 413 naming the limit, whether
 * or not the client sent a Content-Length.
 */
public final class BoundedBody extends FilterInputStream {

    private final long limit;
    private final String property;
    private long read;

    public BoundedBody(InputStream in, long limit, String property) {
        super(in);
        this.limit = limit;
        this.property = property;
    }

    /** Refuses at once when the declared length is over the limit. */
    public static void checkDeclaredLength(String contentLength, long limit, String property) {
        if (contentLength == null || contentLength.isBlank()) {
            return;
        }
        try {
            long declared = Long.parseLong(contentLength.trim());
            if (declared > limit) {
                throw tooLarge(declared + " bytes", limit, property);
            }
        } catch (NumberFormatException e) {
            throw new RejectedRequestException(400, "bad_request", "Content-Length '" + contentLength + "' is not a number");
        }
    }

    /** Reads everything, refusing bodies over the limit. */
    public static byte[] readAll(InputStream in, long limit, String property) throws IOException {
        try (BoundedBody body = new BoundedBody(in, limit, property)) {
            return body.readAllBytes();
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(long n) {
        read += n;
        if (read > limit) {
            throw tooLarge("more than " + limit + " bytes", limit, property);
        }
    }

    private static RejectedRequestException tooLarge(String size, long limit, String property) {
        return new RejectedRequestException(413, "too_large", "the request body is " + size + "; the limit is "
                + limit + " bytes (" + property + ")");
    }
}
