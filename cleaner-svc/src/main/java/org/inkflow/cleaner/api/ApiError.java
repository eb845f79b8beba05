package org.inkflow.cleaner.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every 4xx/5xx answer: what was wrong and what to do, the HTTP status, the field at fault. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, int status, String field) {
}
