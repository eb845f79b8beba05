package org.inkflow.crawler.net;

import java.net.URI;
import java.util.Set;

/**
 * One thing to download: where, how large it may be, which content types are acceptable (empty: any), the rate
 * the job asked for, and an optional Authorization header sent to the first host only (never after a redirect
 * elsewhere).
 */
public record FetchRequest(URI uri, long maxBytes, Set<String> acceptedContentTypes, double requestsPerSecond,
                           String authorization) {

    public FetchRequest {
        acceptedContentTypes = acceptedContentTypes == null ? Set.of() : Set.copyOf(acceptedContentTypes);
    }

    public static FetchRequest any(URI uri, long maxBytes, double requestsPerSecond) {
        return new FetchRequest(uri, maxBytes, Set.of(), requestsPerSecond, null);
    }
}
