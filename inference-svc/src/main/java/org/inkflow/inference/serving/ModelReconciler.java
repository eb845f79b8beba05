package org.inkflow.inference.serving;

import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.inkflow.common.tracing.TraceScope;
import org.inkflow.common.tracing.Traces;
import org.jboss.logging.Logger;

/**
 * Brings the serving version to the promoted one, off the messaging thread: download, load, warm up, then swap
 * atomically (TensorFlow Serving's "load the new version before unloading the old"). Only the newest promotion
 * matters, so promotions that arrive while a load runs are coalesced to the last one; replaying the compacted
 * topic at start loads one version, not every version ever promoted. If anything fails, the current version keeps
 * serving and the failure goes to the {@link SwapListener}.
 */
public final class ModelReconciler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelReconciler.class);

    /** A version to serve: the promotion's version and where its files are. */
    public record Target(String version, String location) {
    }

    private final ModelRegistry registry;
    private final ModelLoader loader;
    private final ModelWarmUp warmUp;
    private final SwapListener listener;
    /** The target to load next and the trace its promotion came in (the swap continues it). */
    private record Pending(Target target, Context trace) {
    }

    private final AtomicReference<Pending> desired = new AtomicReference<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "inference-model-loader");
        t.setDaemon(true);
        return t;
    });
    private volatile Target lastSeen;
    private volatile boolean busy;

    public ModelReconciler(ModelRegistry registry, ModelLoader loader, ModelWarmUp warmUp, SwapListener listener) {
        this.registry = registry;
        this.loader = loader;
        this.warmUp = warmUp;
        this.listener = listener;
    }

    /** Asks for {@code target} to serve; returns at once, the load happens on the loader thread. */
    public void promote(Target target) {
        Objects.requireNonNull(target, "target");
        lastSeen = target;
        desired.set(new Pending(target, Traces.current()));
        worker.execute(this::reconcile);
    }

    /** The most recent promotion seen (served, loading or failed); {@code null} before the first. */
    public Target lastPromotion() {
        return lastSeen;
    }

    /** True while nothing is waiting to be loaded. */
    public boolean idle() {
        return desired.get() == null && !busy;
    }

    private void reconcile() {
        busy = true;
        try {
            Pending pending = desired.getAndSet(null);
            if (pending == null) {
                return; // coalesced into an earlier run
            }
            try (TraceScope trace = Traces.fanIn("inference model swap", pending.trace(), List.of(),
                    Map.of("inkflow.model", registry.modelName(), "inkflow.model.version", pending.target().version()))) {
                reconcile(pending.target());
            }
        } finally {
            busy = false;
        }
    }

    private void reconcile(Target target) {
        ServedModel current = registry.current().orElse(null);
        if (current != null && current.version().equals(target.version())
                && Objects.equals(current.description().location(), target.location())) {
            LOG.debugf("model %s version %s already serves", registry.modelName(), target.version());
            return;
        }
        var kept = registry.kept(target.version())
                .filter(m -> Objects.equals(m.description().location(), target.location()));
        if (kept.isPresent()) {
            registry.serve(kept.get());
            listener.swapped(kept.get(), current, false, 0);
            return;
        }
        load(target, current);
    }

    private void load(Target target, ServedModel current) {
        long start = System.nanoTime();
        ServedModel loaded = null;
        try {
            loaded = loader.load(registry.modelName(), target.version(), target.location());
            if (!loaded.version().equals(target.version())) {
                throw new IllegalStateException("the model card at " + target.location() + " says version "
                        + loaded.version() + ", the promotion says " + target.version());
            }
            warmUp.check(loaded);
            registry.serve(loaded);
            listener.swapped(loaded, current, true, System.nanoTime() - start);
        } catch (Exception | LinkageError e) {
            if (loaded != null && !loaded.isClosed()) {
                loaded.release();
            }
            Exception error = e instanceof Exception ex ? ex : new IllegalStateException(e.toString(), e);
            listener.failed(registry.modelName(), target.version(), target.location(), error);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
