package org.inkflow.evaluator.api;

import org.inkflow.common.api.ProblemException;
import org.inkflow.evaluator.registry.ModelNames;

/**
 * Checks of request body fields that answer 400 naming the field, so a request body is judged by itself, before the
 * model it names is looked up: a malformed body gets the same answer whether or not the model exists.
 */
final class RequestFields {

    private RequestFields() {
    }

    /** A version, member or dataset name: {@link ModelNames#requireName}'s alphabet. */
    static String name(String value, String field) {
        try {
            return ModelNames.requireName(value, field);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, e.getMessage());
        }
    }

    /** An alias, or null for the default one. */
    static String alias(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ModelNames.requireAlias(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("alias", e.getMessage());
        }
    }
}
