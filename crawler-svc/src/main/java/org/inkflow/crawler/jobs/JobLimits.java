package org.inkflow.crawler.jobs;

/** Defaults and bounds applied to job requests. */
public record JobLimits(int defaultMaxImages, int maxImagesLimit, double defaultRequestsPerSecond,
                        double maxRequestsPerSecond, int defaultSize) {
}
