package org.inkflow.evaluator.registry;

/** A request the registry's state does not allow, e.g. promoting a rejected version (REST answers 409). */
public class RegistryConflictException extends RuntimeException {

    public RegistryConflictException(String message) {
        super(message);
    }
}
