package org.inkflow.common.api;

/**
 * A request that cannot be served as asked, with the HTTP status the API answers and the request field at fault (or
 * null). Plain Java, so domain code throws it (or a subclass such as "no run with this id") without a framework import;
 * {@link ProblemMappers} turns it into a {@link Problem}. The message says what was wrong and what to do.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String field;

    public ProblemException(int status, String field, String detail) {
        super(detail);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem's status is 4xx or 5xx; got " + status);
        }
        this.status = status;
        this.field = field;
    }

    public ProblemException(int status, String detail) {
        this(status, null, detail);
    }

    /** 400: {@code field} (may be null) is wrong; {@code detail} says how. */
    public static ProblemException badRequest(String field, String detail) {
        return new ProblemException(400, field, detail);
    }

    /** 404: the thing asked for does not exist. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(404, null, detail);
    }

    /** 409: the request does not fit the current state. */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, null, detail);
    }

    /** 503: the service cannot serve now; the client should retry later. */
    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, null, detail);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    /** The problem body for this exception. */
    public Problem problem() {
        return Problem.of(status, getMessage(), field);
    }
}
