package org.inkflow.cleaner.datasets;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.normalize.NormalizeMode;
import org.inkflow.common.artifacts.DatasetStatus;

/**
 * A validated dataset request: which accepted samples, at what size and with what line art, balanced and split how.
 * Together with the sample list it determines the snapshot (its fingerprint), so the same request over the same
 * samples names the same version.
 *
 * @param lineArt   paired, extracted, xdog or gray; paired uses the source's own line art where it has one and the
 *                  service's fallback extractor elsewhere, unless {@code requirePaired} drops those samples
 * @param maxPerTag at most this many samples per primary tag (null: no cap)
 * @param minPerTag primary tags with fewer samples are left out (null: keep all)
 * @param seed      the shuffle seed: which samples a cap keeps, and the order within each split
 */
public record DatasetSpec(
        String name,
        int imageSize,
        String normalize,
        String lineArt,
        boolean requirePaired,
        Integer maxPerTag,
        Integer minPerTag,
        List<String> includeTags,
        List<String> excludeTags,
        double train,
        double validation,
        double test,
        long seed) {

    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public DatasetSpec {
        includeTags = includeTags == null ? List.of() : includeTags.stream().map(DatasetSpec::canonicalTag).distinct().sorted().toList();
        excludeTags = excludeTags == null ? List.of() : excludeTags.stream().map(DatasetSpec::canonicalTag).distinct().sorted().toList();
    }

    public LineArtMode lineArtMode() {
        return LineArtMode.parse(lineArt);
    }

    public NormalizeMode normalizeMode() {
        return NormalizeMode.parse(normalize);
    }

    /** The request as a version's status.json records it. */
    public DatasetStatus.Request toRequest() {
        return new DatasetStatus.Request(name, imageSize, normalize, lineArt, requirePaired, maxPerTag, minPerTag,
                includeTags, excludeTags, train, validation, test, seed);
    }

    /** Every field that changes the snapshot's content, in a fixed order, for the fingerprint. */
    public String canonical() {
        return String.join("\n", "name=" + name, "imageSize=" + imageSize, "normalize=" + normalize,
                "lineArt=" + lineArt, "requirePaired=" + requirePaired, "maxPerTag=" + maxPerTag, "minPerTag=" + minPerTag,
                "includeTags=" + includeTags, "excludeTags=" + excludeTags,
                String.format(Locale.ROOT, "splits=%.6f,%.6f,%.6f", train, validation, test), "seed=" + seed);
    }

    public static String canonicalTag(String tag) {
        return tag == null ? "" : tag.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
    }
}
