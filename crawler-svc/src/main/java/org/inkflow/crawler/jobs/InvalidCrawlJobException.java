package org.inkflow.crawler.jobs;

/** A crawl job request that cannot be run as given; the message says which field and what to send instead. */
public class InvalidCrawlJobException extends RuntimeException {

    private final String field;

    public InvalidCrawlJobException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
