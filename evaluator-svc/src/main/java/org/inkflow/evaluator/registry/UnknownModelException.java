package org.inkflow.evaluator.registry;

/** A model or version the registry has never seen (REST answers 404). */
public class UnknownModelException extends RuntimeException {

    public UnknownModelException(String message) {
        super(message);
    }
}
