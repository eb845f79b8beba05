package org.inkflow.cleaner.filters;

import java.util.List;
import java.util.Optional;

/** A rule decided by the crawler's metadata alone, before the image is even downloaded. */
public interface MetadataFilter {

    RejectionRule rule();

    Optional<Rejection> check(List<String> tags, String rating);
}
