package org.inkflow.evaluator.registry;

import org.inkflow.common.api.ProblemException;

/** A model or version the registry has never seen (REST answers 404). */
public class UnknownModelException extends ProblemException {

    public UnknownModelException(String message) {
        super(404, message);
    }
}
