package org.inkflow.evaluator.api;

/** The JSON body of every error answer: what was wrong and what to do, and the HTTP status. */
public record ApiError(String error, int status) {
}
