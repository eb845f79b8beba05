package org.inkflow.crawler.api;

/** An error answer: {@code {"error": "...", "status": 400, "field": "maxImages"}} ({@code field} when one is to blame). */
public record Problem(String error, int status, String field) {
}
