package org.inkflow.inference.serving;

import java.util.concurrent.atomic.AtomicBoolean;

/** A request's hold on a model version: the version stays loaded until the lease is closed (once). */
public final class ModelLease implements AutoCloseable {

    private final ServedModel model;
    private final AtomicBoolean closed = new AtomicBoolean();

    ModelLease(ServedModel model) {
        this.model = model;
    }

    public ServedModel model() {
        return model;
    }

    public ModelDescription description() {
        return model.description();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            model.release();
        }
    }
}
