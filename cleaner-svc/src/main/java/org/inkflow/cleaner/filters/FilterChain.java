package org.inkflow.cleaner.filters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.inkflow.cleaner.dedup.DuplicateIndex;

/**
 * The enabled rules in the order they run: metadata rules first (no download needed), then the image rules from
 * cheapest to dearest, near-duplicate last so only images that pass everything else are compared. The first rule
 * that rejects decides.
 */
public final class FilterChain {

    private final List<MetadataFilter> metadataFilters;
    private final List<ImageFilter> imageFilters;

    public FilterChain(List<MetadataFilter> metadataFilters, List<ImageFilter> imageFilters) {
        this.metadataFilters = List.copyOf(metadataFilters);
        this.imageFilters = List.copyOf(imageFilters);
    }

    /** The chain the configuration describes, without the rules it disables. */
    public static FilterChain from(FilterSettings settings, DuplicateIndex index) {
        Set<String> disabled = settings.disabled();
        for (String id : disabled) {
            if (RejectionRule.byId(id).isEmpty()) {
                throw new IllegalArgumentException("inkflow.cleaner.filters.disabled names an unknown rule '" + id
                        + "'; rules are " + java.util.Arrays.stream(RejectionRule.values()).map(RejectionRule::id).toList());
            }
        }
        List<MetadataFilter> metadata = new ArrayList<>();
        metadata.add(new RatingFilter(settings.blockedRatings()));
        metadata.add(new BlockedTagFilter(settings.blockedTags()));
        List<ImageFilter> image = new ArrayList<>();
        image.add(new MinSizeFilter(settings.minSide()));
        image.add(new AspectRatioFilter(settings.maxAspectRatio()));
        image.add(new GrayscaleFilter(settings.grayscaleMaxChroma()));
        image.add(new ColorFractionFilter(settings.coloredPixelChroma(), settings.minColorFraction()));
        image.add(new EdgeDensityFilter(settings.edgeGradient(), settings.maxEdgeDensity()));
        image.add(new NearDuplicateFilter(index, settings.duplicateMaxDistance(), settings.duplicateMaxColorDistance()));
        return new FilterChain(
                metadata.stream().filter(f -> !disabled.contains(f.rule().id())).toList(),
                image.stream().filter(f -> !disabled.contains(f.rule().id())).toList());
    }

    public Optional<Rejection> checkMetadata(List<String> tags, String rating) {
        for (MetadataFilter filter : metadataFilters) {
            Optional<Rejection> r = filter.check(tags, rating);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    public Optional<Rejection> checkImage(ImageCandidate candidate) {
        for (ImageFilter filter : imageFilters) {
            Optional<Rejection> r = filter.check(candidate);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    public List<RejectionRule> rules() {
        List<RejectionRule> out = new ArrayList<>();
        metadataFilters.forEach(f -> out.add(f.rule()));
        imageFilters.forEach(f -> out.add(f.rule()));
        return out;
    }
}
