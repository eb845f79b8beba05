package org.inkflow.crawler.sources;

import org.inkflow.crawler.crawl.CrawlJobException;

/** One job's reading of a source, page by page; pages are numbered from 0 and stable across restarts. */
public interface SourceCrawl extends AutoCloseable {

    SourcePage page(int page) throws CrawlJobException, InterruptedException;

    @Override
    default void close() {
    }
}
