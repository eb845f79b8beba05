package org.inkflow.inference.service;

import java.util.concurrent.TimeUnit;
import org.inkflow.inference.drift.DriftMonitor;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.inkflow.inference.serving.ModelDescription;
import org.inkflow.inference.serving.ModelRegistry;
import org.inkflow.inference.serving.ServedModel;
import org.inkflow.inference.serving.SwapListener;
import org.jboss.logging.Logger;

/**
 * What each promotion did, told to the metrics (loads, the serving version), to the drift monitor (the new version's
 * training statistics become the reference) and to the log.
 */
public final class SwapReporter implements SwapListener {

    private static final Logger LOG = Logger.getLogger(SwapReporter.class);

    private final ModelRegistry registry;
    private final DriftMonitor drift;
    private final InferenceMetrics metrics;

    public SwapReporter(ModelRegistry registry, DriftMonitor drift, InferenceMetrics metrics) {
        this.registry = registry;
        this.drift = drift;
        this.metrics = metrics;
    }

    @Override
    public void swapped(ServedModel model, ServedModel previous, boolean freshlyLoaded, long loadNanos) {
        ModelDescription d = model.description();
        if (freshlyLoaded) {
            metrics.modelLoad(d.name(), true);
        }
        metrics.serving(d.name(), d.version());
        drift.reference(d.trainingStats());
        LOG.infof("model %s version %s serves now (%s%s; previous: %s; kept: %s)", d.name(), d.version(),
                freshlyLoaded ? "loaded and warmed up in " + TimeUnit.NANOSECONDS.toMillis(loadNanos) + " ms"
                        : "kept version, swapped back",
                d.trainingStats() == null ? "; its card has no input statistics, so no drift score" : "",
                previous == null ? "none" : previous.version(), registry.versions());
    }

    @Override
    public void failed(String name, String version, String location, Exception error) {
        metrics.modelLoad(name, false);
        String serving = registry.current().map(ServedModel::version).orElse(null);
        LOG.errorf(error, "model %s version %s from %s failed to load; %s", name, version, location,
                serving == null ? "no version serves yet (readiness stays down)" : "version " + serving + " keeps serving");
    }
}
