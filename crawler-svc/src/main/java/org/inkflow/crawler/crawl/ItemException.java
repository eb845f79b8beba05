package org.inkflow.crawler.crawl;

/**
 * One image could not be taken, for a reason that is counted ({@code skipped} by a rule, or {@code failed} after
 * retries). It never ends the job.
 */
public class ItemException extends Exception {

    /** Whether a rule left the item out or an error did. */
    public enum Outcome { SKIPPED, FAILED }

    private final Outcome outcome;
    private final String reason;

    public ItemException(Outcome outcome, String reason, String message) {
        this(outcome, reason, message, null);
    }

    public ItemException(Outcome outcome, String reason, String message, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
        this.reason = reason;
    }

    public static ItemException skipped(String reason, String message) {
        return new ItemException(Outcome.SKIPPED, reason, message);
    }

    public static ItemException failed(String reason, String message, Throwable cause) {
        return new ItemException(Outcome.FAILED, reason, message, cause);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The counted reason, one of {@link Reasons}. */
    public String reason() {
        return reason;
    }
}
