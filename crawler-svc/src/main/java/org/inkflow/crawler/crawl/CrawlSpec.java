package org.inkflow.crawler.crawl;

import java.time.Instant;
import java.util.List;

/**
 * A validated crawl job: which source, where, which tags (the first names the storage folder), an optional rating
 * (one letter: g, s, q, e), how many images to yield, the request rate per host, and the render size for
 * sources that render (OpenMoji).
 */
public record CrawlSpec(
        String jobId,
        String source,
        String baseUrl,
        List<String> tags,
        String rating,
        int maxImages,
        double requestsPerSecond,
        int size,
        Instant requestedAt) {

    public CrawlSpec {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
