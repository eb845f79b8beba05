package org.inkflow.cleaner.samples;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code samples/<sha256>/meta.json}: where a sample came from, how it was made, and what the filters measured. It
 * is written last, after input.png and target.png and the {@code samples.cleaned} event, so its presence means the
 * sample is complete; the catalog and the near-duplicate index are rebuilt from these files at start.
 *
 * @param primaryTag the tag a dataset balances on: the first tag, or {@code untagged}
 */
public record SampleMeta(
        String sha256,
        String source,
        String rawKey,
        String rawLineArtKey,
        String license,
        String sourceUrl,
        List<String> tags,
        String primaryTag,
        String rating,
        String groupKey,
        String split,
        int size,
        String normalize,
        String lineArtSource,
        String inputKey,
        String targetKey,
        String perceptualHash,
        String colorGrid,
        int sourceWidth,
        int sourceHeight,
        Map<String, Double> measures,
        Instant cleanedAt) {

    public SampleMeta {
        tags = tags == null ? List.of() : List.copyOf(tags);
        measures = measures == null ? Map.of() : Map.copyOf(measures);
    }

    public static String primaryTagOf(List<String> tags) {
        return tags == null || tags.isEmpty() || tags.get(0).isBlank() ? "untagged" : tags.get(0);
    }
}
