package org.inkflow.evaluator.api;

import org.inkflow.common.api.ProblemException;

/** {@code POST /models/{name}/promote}: the version, the alias (default production), and force for an unblessed one. */
public record PromoteRequest(String version, String alias, Boolean force) {

    /** The request with its fields checked (400 naming the field); {@code alias} null for the default. */
    static PromoteRequest checked(PromoteRequest request, String defaultAlias) {
        if (request == null || request.version() == null || request.version().isBlank()) {
            throw ProblemException.badRequest("version", "give the version to promote: {\"version\": \"...\", \"alias\": \""
                    + defaultAlias + "\"}");
        }
        return new PromoteRequest(RequestFields.name(request.version(), "version"), RequestFields.alias(request.alias()),
                request.force());
    }
}
