package org.inkflow.cleaner.filters;

import java.util.Optional;

/** A rule decided by looking at the decoded, normalized image. */
public interface ImageFilter {

    RejectionRule rule();

    Optional<Rejection> check(ImageCandidate candidate);
}
