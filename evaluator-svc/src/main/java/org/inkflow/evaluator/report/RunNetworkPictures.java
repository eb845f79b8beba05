package org.inkflow.evaluator.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;

/**
 * The pictures of the network the trainer stored at a run's last validation ({@code runs/<id>/network/step-<n>/}):
 * first-layer filters, distributions over training, top activations, input histogram. The report shows them as they
 * are, copied beside it.
 */
public record RunNetworkPictures(long step, Map<String, byte[]> files) {

    /** At most this many files, each at most {@link #MAX_BYTES}: a report stays small whatever a run left. */
    static final int MAX_FILES = 8;
    static final long MAX_BYTES = 4L << 20;

    public RunNetworkPictures {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** The pictures of the run's highest validation step, if it left any. */
    public static Optional<RunNetworkPictures> latest(ObjectStore store, String runId) {
        String prefix = Keys.runNetworkPictures(runId);
        long best = -1;
        for (String folder : store.folders(prefix)) {
            if (folder.matches("step-\\d{1,18}")) {
                best = Math.max(best, Long.parseLong(folder.substring("step-".length())));
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<ObjectInfo> objects = store.list(prefix + "step-" + best + "/");
        for (ObjectInfo object : objects) {
            String name = object.key().substring(object.key().lastIndexOf('/') + 1);
            if (files.size() < MAX_FILES && name.matches("[a-z0-9_-]{1,64}\\.png") && object.size() <= MAX_BYTES) {
                files.put(name, store.get(object.key()));
            }
        }
        return files.isEmpty() ? Optional.empty() : Optional.of(new RunNetworkPictures(best, files));
    }
}
