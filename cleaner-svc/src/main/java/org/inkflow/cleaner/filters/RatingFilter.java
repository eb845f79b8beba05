package org.inkflow.cleaner.filters;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Rejects images whose content rating is blocked (booru {@code q}/{@code e}); images without a rating pass. */
public final class RatingFilter implements MetadataFilter {

    private final Set<String> blocked;

    public RatingFilter(List<String> blocked) {
        this.blocked = blocked.stream().map(r -> r.trim().toLowerCase(Locale.ROOT)).filter(r -> !r.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public RejectionRule rule() {
        return RejectionRule.RATING;
    }

    @Override
    public Optional<Rejection> check(List<String> tags, String rating) {
        if (rating == null || !blocked.contains(rating.trim().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(rule(), null, null, "rating '" + rating + "' is blocked (inkflow.cleaner.filters.blocked-ratings)"));
    }
}
