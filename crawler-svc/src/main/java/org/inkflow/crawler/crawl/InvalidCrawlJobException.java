package org.inkflow.crawler.crawl;

import org.inkflow.common.api.ProblemException;

/** A crawl job request that cannot be run as given (400); the message says which field and what to send instead. */
public class InvalidCrawlJobException extends ProblemException {

    public InvalidCrawlJobException(String field, String message) {
        super(400, field, message);
    }
}
