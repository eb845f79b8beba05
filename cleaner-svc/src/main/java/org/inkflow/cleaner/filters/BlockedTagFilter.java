package org.inkflow.cleaner.filters;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rejects images carrying a blocked tag (e.g. {@code comic}, {@code multiple_girls}: pictures a one-image colorizer
 * cannot learn from). Tags compare case-insensitively with spaces as underscores. Value: blocked tags found.
 */
public final class BlockedTagFilter implements MetadataFilter {

    private final Set<String> blocked;

    public BlockedTagFilter(List<String> blocked) {
        this.blocked = blocked.stream().map(BlockedTagFilter::canonical).filter(t -> !t.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public RejectionRule rule() {
        return RejectionRule.BLOCKED_TAG;
    }

    @Override
    public Optional<Rejection> check(List<String> tags, String rating) {
        List<String> found = tags.stream().map(BlockedTagFilter::canonical).filter(blocked::contains).distinct().sorted().toList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Rejection.of(rule(), found.size(), 0, "blocked tag(s) " + found
                + " (inkflow.cleaner.filters.blocked-tags)"));
    }

    static String canonical(String tag) {
        return tag == null ? "" : tag.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
    }
}
