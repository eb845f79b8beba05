package org.inkflow.cleaner.samples;

import java.util.Optional;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.normalize.NormalizeMode;

/**
 * The {@code samples/} key layout, in one place: {@code samples/<sha256>/{input.png,target.png,meta.json}} for the
 * sample as accepted, {@code rejected.json} for a rejected raw image (so a redelivery changes nothing), and
 * {@code <size>-<normalize>/{target.png,input-<lineArt>.png}} for the renderings a dataset at another size or with
 * other line art needs. Every object is written once.
 */
public final class SampleKeys {

    public static final String PREFIX = "samples/";
    public static final String META = "meta.json";
    public static final String REJECTED = "rejected.json";

    private SampleKeys() {
    }

    public static String dir(String sha256) {
        return PREFIX + sha256 + "/";
    }

    public static String input(String sha256) {
        return dir(sha256) + "input.png";
    }

    public static String target(String sha256) {
        return dir(sha256) + "target.png";
    }

    public static String meta(String sha256) {
        return dir(sha256) + META;
    }

    public static String rejected(String sha256) {
        return dir(sha256) + REJECTED;
    }

    public static String variantTarget(String sha256, int size, NormalizeMode normalize) {
        return dir(sha256) + size + "-" + normalize.id() + "/target.png";
    }

    public static String variantInput(String sha256, int size, NormalizeMode normalize, LineArtMode lineArt) {
        return dir(sha256) + size + "-" + normalize.id() + "/input-" + lineArt.id() + ".png";
    }

    /** The sha256 of a {@code samples/<sha256>/<name>} key, when the key is one. */
    public static Optional<String> shaOf(String key, String name) {
        if (!key.startsWith(PREFIX) || !key.endsWith("/" + name)) {
            return Optional.empty();
        }
        String sha = key.substring(PREFIX.length(), key.length() - name.length() - 1);
        return sha.isEmpty() || sha.contains("/") ? Optional.empty() : Optional.of(sha);
    }
}
