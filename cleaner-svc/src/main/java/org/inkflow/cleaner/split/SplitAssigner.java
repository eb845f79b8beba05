package org.inkflow.cleaner.split;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts a group key into train, validation or test by where the first 64 bits of its SHA-256 fall in [0,1): the same
 * key always lands in the same split, on every machine and run, and every sample of a group (e.g. all skin-tone
 * variants of one emoji) lands together, so no group straddles two splits.
 */
public final class SplitAssigner {

    public static final String TRAIN = "train";
    public static final String VALIDATION = "validation";
    public static final String TEST = "test";
    public static final List<String> SPLITS = List.of(TRAIN, VALIDATION, TEST);

    private final Map<String, Double> fractions;
    private final double trainBound;
    private final double validationBound;

    public SplitAssigner(double train, double validation, double test) {
        for (double f : new double[] {train, validation, test}) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("split fractions must be in [0,1], not " + f);
            }
        }
        if (Math.abs(train + validation + test - 1) > 1e-6) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "split fractions must add up to 1; train %.4f + validation %.4f + test %.4f = %.4f",
                    train, validation, test, train + validation + test));
        }
        if (train <= 0) {
            throw new IllegalArgumentException("the train fraction must be above 0");
        }
        this.fractions = new LinkedHashMap<>();
        fractions.put(TRAIN, train);
        fractions.put(VALIDATION, validation);
        fractions.put(TEST, test);
        this.trainBound = train;
        this.validationBound = train + validation;
    }

    public Map<String, Double> fractions() {
        return Map.copyOf(fractions);
    }

    public String assign(String groupKey) {
        double u = unitInterval(groupKey);
        if (u < trainBound) {
            return TRAIN;
        }
        return u < validationBound ? VALIDATION : TEST;
    }

    /** The first 64 bits of SHA-256 of the key as a number in [0,1). */
    public static double unitInterval(String key) {
        byte[] digest = sha256(key);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (digest[i] & 0xff);
        }
        // The top 53 bits fill a double's mantissa exactly.
        return (bits >>> 11) * 0x1.0p-53;
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
