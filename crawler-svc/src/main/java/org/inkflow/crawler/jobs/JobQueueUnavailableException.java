package org.inkflow.crawler.jobs;

import org.inkflow.common.api.ProblemException;

/** A job request could not be put on the crawl-jobs topic (503): the broker is unreachable; try again later. */
public class JobQueueUnavailableException extends ProblemException {

    public JobQueueUnavailableException(String message) {
        super(503, message);
    }
}
