package org.inkflow.cleaner.filters;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The named rules a raw image can be rejected by; {@link #id()} is what events, metrics and config use. */
public enum RejectionRule {
    RATING("rating"),
    BLOCKED_TAG("blocked-tag"),
    TOO_MANY_BYTES("too-many-bytes"),
    TOO_MANY_PIXELS("too-many-pixels"),
    UNDECODABLE("undecodable"),
    TOO_SMALL("too-small"),
    EXTREME_ASPECT_RATIO("extreme-aspect-ratio"),
    ALREADY_GRAYSCALE("already-grayscale"),
    TOO_LITTLE_COLOR("too-little-color"),
    TOO_ENTANGLED("too-entangled"),
    NEAR_DUPLICATE("near-duplicate");

    private final String id;

    RejectionRule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<RejectionRule> byId(String id) {
        String v = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.id.equals(v)).findFirst();
    }
}
