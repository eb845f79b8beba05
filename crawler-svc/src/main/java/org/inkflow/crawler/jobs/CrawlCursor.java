package org.inkflow.crawler.jobs;

/** Where a job resumes: the source's page number and how many of that page's items are done. */
public record CrawlCursor(int page, int offset) {

    public static final CrawlCursor START = new CrawlCursor(0, 0);
}
