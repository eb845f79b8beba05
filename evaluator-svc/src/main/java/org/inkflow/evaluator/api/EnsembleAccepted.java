package org.inkflow.evaluator.api;

import java.util.List;
import org.inkflow.evaluator.registry.VersionState;

/** The answer to an ensemble request: the version it will have and its state (EVALUATING until decided). */
public record EnsembleAccepted(String name, String version, List<String> members, String location,
                               VersionState state, String statusUrl) {
}
