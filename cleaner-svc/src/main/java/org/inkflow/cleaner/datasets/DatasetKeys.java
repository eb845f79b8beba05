package org.inkflow.cleaner.datasets;

/** The {@code datasets/<name>/<version>/} key layout. */
public final class DatasetKeys {

    public static final String PREFIX = "datasets/";

    private DatasetKeys() {
    }

    public static String dir(String name, String version) {
        return PREFIX + name + "/" + version + "/";
    }

    public static String manifest(String name, String version) {
        return dir(name, version) + "manifest.json";
    }

    public static String stats(String name, String version) {
        return dir(name, version) + "stats.json";
    }

    public static String preview(String name, String version) {
        return dir(name, version) + "preview.png";
    }

    /** The one object of a snapshot that changes (BUILDING, then PUBLISHED or FAILED). */
    public static String status(String name, String version) {
        return dir(name, version) + "status.json";
    }
}
