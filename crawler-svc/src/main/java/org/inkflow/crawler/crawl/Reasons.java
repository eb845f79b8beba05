package org.inkflow.crawler.crawl;

/**
 * The reasons an image is skipped or failed: the keys of a job's {@code counts.skipped} / {@code counts.failures}
 * and the {@code reason} tag of {@code inkflow_crawler_skipped_images_total} / {@code ..._failed_images_total}.
 */
public final class Reasons {

    // skipped: a rule left the image out
    public static final String NO_FILE_URL = "no-file-url";
    public static final String RATING = "rating";
    public static final String UNSUPPORTED_TYPE = "unsupported-type";
    public static final String TOO_LARGE = "too-large";
    public static final String CONTENT_TYPE = "content-type";
    public static final String NOT_AN_IMAGE = "not-an-image";
    public static final String ROBOTS = "robots";
    public static final String HOST_NOT_ALLOWED = "host-not-allowed";
    public static final String BLOCKED_ADDRESS = "blocked-address";
    public static final String UNSUPPORTED_SCHEME = "unsupported-scheme";
    public static final String MISSING_LINE_ART = "missing-line-art";
    public static final String UNSAFE_SVG = "unsafe-svg";

    /** An HTTP 4xx answer other than 429: {@code http-404}, {@code http-403}... */
    public static String http(int status) {
        return "http-" + status;
    }

    // failed: an error that outlasted the retries
    public static final String SERVER_ERROR = "server-error";
    public static final String RATE_LIMITED = "rate-limited";
    public static final String TIMEOUT = "timeout";
    public static final String TRUNCATED = "truncated";
    public static final String IO_ERROR = "io-error";
    public static final String UNKNOWN_HOST = "unknown-host";
    public static final String TOO_MANY_REDIRECTS = "too-many-redirects";
    public static final String RASTERIZE = "rasterize";
    public static final String STORAGE = "storage";
    /** Rendering or decoding the item outlasted {@code inkflow.crawler.item-timeout}. */
    public static final String ITEM_TIMEOUT = "item-timeout";
    /** Rendering or decoding the item ran out of heap. */
    public static final String OUT_OF_MEMORY = "out-of-memory";
    /** Rendering or decoding the item recursed too deep. */
    public static final String STACK_OVERFLOW = "stack-overflow";

    private Reasons() {
    }
}
