package org.inkflow.evaluator.api;

/** {@code POST /models/{name}/rollback}: the alias to roll back (default production); the body may be empty. */
public record RollbackRequest(String alias) {

    /** The alias asked for, checked (400 naming the field), or null for the default. */
    static String checkedAlias(RollbackRequest request) {
        return request == null ? null : RequestFields.alias(request.alias());
    }
}
