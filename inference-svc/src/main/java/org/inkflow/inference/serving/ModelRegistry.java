package org.inkflow.inference.serving;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The versions of one model this service holds: the serving one and up to {@code keep - 1} earlier ones, which
 * answer {@code /versions/{v}} calls and make a rollback to them instant. Swapping the serving version is one
 * reference write, so a request sees either the old or the new version, never neither.
 */
public final class ModelRegistry {

    private final String modelName;
    private final int keep;
    /** Least recently served first. */
    private final LinkedHashMap<String, ServedModel> versions = new LinkedHashMap<>();
    private volatile ServedModel current;

    /** @param keep how many versions stay loaded, the serving one included (at least 1) */
    public ModelRegistry(String modelName, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least 1 model version, not " + keep
                    + " (inkflow.inference.keep-versions)");
        }
        this.modelName = modelName;
        this.keep = keep;
    }

    public String modelName() {
        return modelName;
    }

    /** Makes {@code model} the serving version; the least recently served beyond {@code keep} are unloaded. */
    public void serve(ServedModel model) {
        List<ServedModel> evicted = new ArrayList<>();
        synchronized (this) {
            ServedModel same = versions.get(model.version());
            if (same != null && same != model) {
                versions.remove(model.version());
                evicted.add(same);
            }
            versions.remove(model.version());
            versions.put(model.version(), model);
            current = model;
            var it = versions.values().iterator();
            while (versions.size() > keep && it.hasNext()) {
                ServedModel oldest = it.next();
                if (oldest != model) {
                    it.remove();
                    evicted.add(oldest);
                }
            }
        }
        evicted.forEach(ServedModel::release);
    }

    /** The kept version {@code version}, if any. */
    public synchronized Optional<ServedModel> kept(String version) {
        return Optional.ofNullable(versions.get(version));
    }

    public Optional<ServedModel> current() {
        return Optional.ofNullable(current);
    }

    /** Kept versions, the serving one first, then the most recently served. */
    public synchronized List<String> versions() {
        List<String> out = new ArrayList<>(versions.keySet());
        Collections.reverse(out);
        return out;
    }

    /**
     * A lease on {@code version} ({@code null}: the serving version).
     *
     * @throws ModelUnavailableException when nothing is loaded yet or the version is not kept
     */
    public ModelLease acquire(String version) {
        for (int attempt = 0; attempt < 3; attempt++) {
            ServedModel model;
            if (version == null || version.isBlank()) {
                model = current;
                if (model == null) {
                    throw new ModelUnavailableException("model '" + modelName
                            + "' is not loaded yet; no version has been promoted or loading is in progress, retry later", true);
                }
            } else {
                synchronized (this) {
                    model = versions.get(version);
                }
                if (model == null) {
                    throw new ModelUnavailableException("model '" + modelName + "' has no loaded version '" + version
                            + "'; loaded versions: " + versions(), false);
                }
            }
            if (model.tryAcquire()) {
                return new ModelLease(model);
            }
            // Closed between the read and the acquire: a swap just evicted it; read again.
        }
        throw new ModelUnavailableException("model '" + modelName + "' version " + version
                + " was unloaded while the request started; retry", version == null);
    }

    /** Unloads every version (at shutdown); running requests finish first. */
    public void close() {
        List<ServedModel> all;
        synchronized (this) {
            all = new ArrayList<>(versions.values());
            versions.clear();
            current = null;
        }
        all.forEach(ServedModel::release);
    }
}
