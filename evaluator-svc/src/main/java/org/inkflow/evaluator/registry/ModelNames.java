package org.inkflow.evaluator.registry;

import java.util.regex.Pattern;

/**
 * Model names, versions and aliases become S3 key segments and URL path segments, so they are held to a safe
 * alphabet. Names may not start with '_' (the evaluator keeps its own objects under such prefixes).
 */
public final class ModelNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private ModelNames() {
    }

    public static String requireName(String value, String what) {
        if (value == null || !NAME.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException(what + " '" + value + "' is not valid: use 1-128 letters, digits, '.',"
                    + " '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    public static String requireAlias(String value) {
        if (value == null || !ALIAS.matcher(value).matches()) {
            throw new IllegalArgumentException("alias '" + value + "' is not valid: use 1-32 lower-case letters,"
                    + " digits or '-', starting with a letter (e.g. production, staging)");
        }
        return value;
    }
}
