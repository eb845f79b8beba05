package org.inkflow.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.Locale;

/**
 * The body of every error answer, an RFC 9457 problem ({@code application/problem+json}): {@code type} names the
 * kind of failure, {@code title} is its short summary, {@code detail} says what was wrong in this request and what to
 * do, {@code field} names the request field at fault when there is one.
 *
 * <p>{@code type} is {@code https://inkflow.dev/problems/<kind>}, one stable URI per HTTP status (see {@link #kind}),
 * so a client branches on {@code type} or {@code status} and shows {@code detail}; the URIs identify, they are not
 * fetched.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String field, String instance) {

    /** The media type of a problem body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The prefix of every {@code type} URI. */
    public static final String TYPE_PREFIX = "https://inkflow.dev/problems/";

    /** A problem with the {@code type} and {@code title} that belong to {@code status}; {@code field} may be null. */
    public static Problem of(int status, String detail, String field) {
        return new Problem(URI.create(TYPE_PREFIX + kind(status)), title(status), status, detail, field, null);
    }

    /** The same problem, saying which request path it occurred at. */
    public Problem at(String path) {
        return new Problem(type, title, status, detail, field, path);
    }

    /** The last segment of {@code type}: {@code bad-request}, {@code not-found}, {@code conflict}, ... */
    public static String kind(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 422 -> "unprocessable-content";
            case 429 -> "too-many-requests";
            case 500 -> "internal-error";
            case 503 -> "unavailable";
            case 504 -> "timeout";
            default -> "http-" + status;
        };
    }

    /** The short, request-independent summary of {@code status} (its HTTP reason phrase). */
    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "Server Error " + status : "Client Error " + status;
        };
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d %s: %s%s", status, title, detail, field == null ? "" : " (field " + field + ")");
    }
}
