package org.inkflow.crawler.sources;

import org.inkflow.crawler.crawl.CrawlJobException;
import org.inkflow.crawler.crawl.CrawlSpec;
import org.inkflow.crawler.crawl.InvalidCrawlJobException;

/**
 * Where images come from: a booru API, a dataset archive... A new source is one class implementing this, listed
 * in {@link ImageSources}. The crawl loop (paging, limits, dedup, storage, events) is shared.
 */
public interface ImageSource {

    /** The name jobs use ({@code "safebooru"}), also the {@code raw/<source>/} folder. */
    String name();

    /** Rejects a job this source cannot run (bad base URL, unknown rating...) before it is accepted. */
    void validate(CrawlSpec spec) throws InvalidCrawlJobException;

    /** Starts (or resumes) reading for one job. */
    SourceCrawl open(CrawlSpec spec) throws CrawlJobException, InterruptedException;
}
