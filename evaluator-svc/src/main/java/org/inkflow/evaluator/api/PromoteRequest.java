package org.inkflow.evaluator.api;

/** {@code POST /models/{name}/promote}: the version, the alias (default production), and force for an unblessed one. */
public record PromoteRequest(String version, String alias, Boolean force) {
}
