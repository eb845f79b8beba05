package org.inkflow.common.events;

import java.util.regex.Pattern;
import org.inkflow.common.keys.Keys;

/**
 * Checks for event fields that end up in S3 keys or point at objects: a record from the broker is as untrusted as a
 * REST body, so a content hash must be one, a name must be a name (the REST APIs' rule), and a key may only point
 * where the event's producer writes. A failing field is an {@link InvalidEventException} naming it: poison, sent to
 * the dead-letter topic with the reason, never a path into someone else's objects.
 */
public final class EventFields {

    /** Lower-case hex SHA-256. */
    public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** A model, dataset, version, run or job name: letters, digits, '.', '_', '-', starting with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** An alias: lower-case, as the evaluator's REST API takes them. */
    public static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final int MAX_KEY = 1024;

    private EventFields() {
    }

    public static String sha256(String value, String field, Class<?> event) {
        return matching(value, SHA256, field, event, "64 lower-case hex digits");
    }

    public static String name(String value, String field, Class<?> event) {
        return matching(value, NAME, field, event, "letters, digits, '.', '_' or '-' (at most 128), starting with a"
                + " letter or digit");
    }

    /** Like {@link #name} when present; null stays null. */
    public static String optionalName(String value, String field, Class<?> event) {
        return value == null ? null : name(value, field, event);
    }

    public static String alias(String value, String field, Class<?> event) {
        return matching(value, ALIAS, field, event, "lower-case letters, digits or '-' (at most 32), starting with a letter");
    }

    /** A key under {@code prefix}: no '..' segment, no empty segment, no backslash or control character. */
    public static String keyUnder(String key, String prefix, String field, Class<?> event) {
        if (key == null) {
            return null;
        }
        boolean bad = key.length() > MAX_KEY || !key.startsWith(prefix) || key.contains("//") || key.contains("\\")
                || key.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
        for (String segment : key.split("/")) {
            bad |= segment.equals("..") || segment.equals(".");
        }
        if (bad) {
            throw new InvalidEventException("field '" + field + "' of " + event.getSimpleName() + " must be a key under '"
                    + prefix + "' without '..', '.', empty segments or control characters; got '" + shorten(key) + "'");
        }
        return key;
    }

    /** A model location: exactly {@code models/<name>/<version>/} (the trailing slash optional). */
    public static String modelLocation(String location, String name, String version, Class<?> event) {
        String expected = Keys.modelDir(name, version);
        if (location == null || !(location.equals(expected) || (location + "/").equals(expected))) {
            throw new InvalidEventException("field 'location' of " + event.getSimpleName() + " must be " + expected
                    + " (the model's own version directory); got '" + shorten(location) + "'");
        }
        return location;
    }

    private static String matching(String value, Pattern pattern, String field, Class<?> event, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new InvalidEventException("field '" + field + "' of " + event.getSimpleName() + " must be " + rule
                    + "; got '" + shorten(value) + "'");
        }
        return value;
    }

    private static String shorten(String value) {
        if (value == null) {
            return "null";
        }
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
    }
}
