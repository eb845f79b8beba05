package org.inkflow.crawler.jobs;

/** A job arrived while the service shuts down; it should be sent again once the service is back. */
public class CrawlerStoppingException extends IllegalStateException {

    public CrawlerStoppingException(String message) {
        super(message);
    }
}
