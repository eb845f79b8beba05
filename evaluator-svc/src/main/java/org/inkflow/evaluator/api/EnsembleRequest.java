package org.inkflow.evaluator.api;

import java.util.List;
import java.util.TreeSet;
import org.inkflow.common.api.ProblemException;

/**
 * {@code POST /models/{name}/ensembles}: either {@code members} (versions to average) or {@code top} (the N best
 * by validation L1); optionally the dataset to score on (default: the first member's). An ensemble averages at most
 * {@value #MAX_MEMBERS} versions: each is a model held in memory while the ensemble is evaluated.
 */
public record EnsembleRequest(List<String> members, Integer top, String datasetName, String datasetVersion) {

    static final int MAX_MEMBERS = 16;

    /** The request with its fields checked (400 naming the field), before the model is looked up. */
    static EnsembleRequest checked(EnsembleRequest request) {
        if (request == null) {
            throw ProblemException.badRequest(null, "give {\"members\": [\"v1\", \"v2\"]} or {\"top\": 3}");
        }
        List<String> members = request.members();
        if (members != null && !members.isEmpty()) {
            if (members.size() > MAX_MEMBERS) {
                throw ProblemException.badRequest("members", members.size() + " members given; an ensemble averages"
                        + " at most " + MAX_MEMBERS + " versions");
            }
            for (int i = 0; i < members.size(); i++) {
                RequestFields.name(members.get(i), "members[" + i + "]");
            }
            if (new TreeSet<>(members).size() < 2) {
                throw ProblemException.badRequest("members", "an ensemble needs at least 2 distinct versions; got "
                        + new TreeSet<>(members));
            }
        } else if (request.top() == null || request.top() < 2 || request.top() > MAX_MEMBERS) {
            throw ProblemException.badRequest("top", "give \"members\" (2 to " + MAX_MEMBERS + " versions) or \"top\""
                    + " (2 to " + MAX_MEMBERS + "): the number of best versions by validation L1 to average"
                    + (request.top() == null ? "" : "; got " + request.top()));
        }
        if (request.datasetName() != null) {
            RequestFields.name(request.datasetName(), "datasetName");
        }
        if (request.datasetVersion() != null) {
            RequestFields.name(request.datasetVersion(), "datasetVersion");
        }
        return request;
    }
}
