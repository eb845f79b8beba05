package org.inkflow.common.metrics;

import java.util.regex.Pattern;

/**
 * Metric names follow {@code inkflow_<service>_<what>_<unit>} in Prometheus. Micrometer names use dots, which the
 * Prometheus registry turns into underscores (and counters get {@code _total}), so build them here, never by hand.
 */
public final class MetricNames {

    private static final Pattern PART = Pattern.compile("[a-z][a-z0-9_]*");

    private MetricNames() {
    }

    /** e.g. {@code of("crawler", "images_stored", "images")} becomes {@code inkflow_crawler_images_stored_images_total}. */
    public static String of(String service, String what, String unit) {
        return "inkflow." + check(service) + "." + check(what) + "." + check(unit);
    }

    /** For timers and distribution summaries, whose registry adds the base unit itself (e.g. {@code _seconds}). */
    public static String of(String service, String what) {
        return "inkflow." + check(service) + "." + check(what);
    }

    private static String check(String part) {
        if (!PART.matcher(part).matches()) {
            throw new IllegalArgumentException("metric name part '" + part + "' must match " + PART.pattern());
        }
        return part;
    }
}
