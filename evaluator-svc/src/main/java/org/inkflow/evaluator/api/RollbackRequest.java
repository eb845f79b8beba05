package org.inkflow.evaluator.api;

/** {@code POST /models/{name}/rollback}: the alias to roll back (default production); the body may be empty. */
public record RollbackRequest(String alias) {
}
