package org.inkflow.inference.serving;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded model version and its predictor, reference-counted: the registry holds one reference while the version
 * is kept, each request holds one while it runs, and the native model is closed when the last is given back. So a
 * version evicted or swapped out mid-request finishes that request first.
 */
public final class ServedModel {

    private final ModelDescription description;
    private final Predictor predictor;
    private final Instant loadedAt;
    private final AtomicInteger references = new AtomicInteger(1);

    public ServedModel(ModelDescription description, Predictor predictor) {
        this.description = description;
        this.predictor = predictor;
        this.loadedAt = Instant.now();
    }

    public ModelDescription description() {
        return description;
    }

    public String version() {
        return description.version();
    }

    public Predictor predictor() {
        return predictor;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** Takes a reference for a request; {@code false} when the model is already closed. */
    boolean tryAcquire() {
        while (true) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the predictor. */
    void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            predictor.close();
        } else if (left < 0) {
            throw new IllegalStateException("model " + description.version() + " released more often than acquired");
        }
    }

    public boolean isClosed() {
        return references.get() == 0;
    }
}
