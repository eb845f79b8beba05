package org.inkflow.crawler.sources;

import java.util.Locale;
import org.inkflow.crawler.crawl.InvalidCrawlJobException;

/** Booru content ratings in one vocabulary: {@code g} general, {@code s} sensitive/safe, {@code q} questionable, {@code e} explicit. */
public final class Ratings {

    private Ratings() {
    }

    /** The one-letter rating, or null for a value no booru uses. */
    public static String normalize(String rating) {
        if (rating == null || rating.isBlank()) {
            return null;
        }
        return switch (rating.trim().toLowerCase(Locale.ROOT)) {
            case "g", "general" -> "g";
            case "s", "safe", "sensitive" -> "s";
            case "q", "questionable" -> "q";
            case "e", "explicit" -> "e";
            default -> null;
        };
    }

    /** For job requests: null stays null (no filter); anything unknown is refused with the accepted values. */
    public static String require(String rating) {
        if (rating == null || rating.isBlank()) {
            return null;
        }
        String r = normalize(rating);
        if (r == null) {
            throw new InvalidCrawlJobException("rating", "rating '" + rating + "' is unknown; use one of g (general),"
                    + " s (sensitive/safe), q (questionable), e (explicit), or leave it out");
        }
        return r;
    }
}
