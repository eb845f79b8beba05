package org.inkflow.crawler.messaging;

/** The crawler's channel names; application.properties maps them to topics. */
public final class Channels {

    /** In: {@code inkflow.crawl.jobs} (CrawlJobRequested), dead letters to {@code inkflow.crawl.jobs.dlq}. */
    public static final String CRAWL_JOBS = "crawl-jobs";
    /** Out: {@code inkflow.images.raw} (RawImageStored, key sha256). */
    public static final String IMAGES_RAW = "images-raw";

    private Channels() {
    }
}
