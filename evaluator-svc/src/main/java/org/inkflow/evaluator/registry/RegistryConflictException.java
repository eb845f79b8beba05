package org.inkflow.evaluator.registry;

import org.inkflow.common.api.ProblemException;

/** A request the registry's state does not allow, e.g. promoting a rejected version (REST answers 409). */
public class RegistryConflictException extends ProblemException {

    public RegistryConflictException(String message) {
        super(409, message);
    }
}
