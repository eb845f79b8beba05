package org.inkflow.crawler.jobs;

import org.inkflow.common.api.ProblemException;

/** A job arrived while the service shuts down (503); it should be sent again once the service is back. */
public class CrawlerStoppingException extends ProblemException {

    public CrawlerStoppingException(String message) {
        super(503, message);
    }
}
