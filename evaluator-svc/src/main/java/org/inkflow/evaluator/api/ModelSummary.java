package org.inkflow.evaluator.api;

import java.util.Map;

/** One model in {@code GET /models}: its aliases and how many versions were evaluated. */
public record ModelSummary(String name, Map<String, String> aliases, int versions, String latestVersion) {
}
