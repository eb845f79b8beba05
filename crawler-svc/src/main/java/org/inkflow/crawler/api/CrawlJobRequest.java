package org.inkflow.crawler.api;

import java.util.List;

/**
 * The body of {@code POST /crawl-jobs}. Only {@code source} and {@code baseUrl} are required; {@code size} is the
 * render size of sources that render (OpenMoji).
 */
public record CrawlJobRequest(String source, String baseUrl, List<String> tags, String rating, Integer maxImages,
                              Double requestsPerSecond, Integer size) {
}
