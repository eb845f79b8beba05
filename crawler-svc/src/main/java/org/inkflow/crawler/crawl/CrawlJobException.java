package org.inkflow.crawler.crawl;

/** The job as a whole cannot go on (its listing cannot be read, its archive is broken); it ends FAILED with this message. */
public class CrawlJobException extends Exception {

    public CrawlJobException(String message) {
        super(message);
    }

    public CrawlJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
