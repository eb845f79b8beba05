package org.inkflow.inference.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.inference.batching.DynamicBatcher;
import org.inkflow.inference.drift.DriftMonitor;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.inkflow.inference.service.ColorizerService;
import org.inkflow.inference.service.ModelCacheDirectory;
import org.inkflow.inference.service.ServingSettings;
import org.inkflow.inference.service.SwapReporter;
import org.inkflow.inference.service.UploadedImageDecoder;
import org.inkflow.inference.serving.ModelReconciler;
import org.inkflow.inference.serving.ModelRegistry;
import org.inkflow.inference.serving.ModelWarmUp;
import org.inkflow.inference.serving.SavedModelLoader;
import org.jboss.logging.Logger;

/**
 * Wires inference-svc's plain-Java parts from {@link InferenceConfig}: the registry of loaded versions, the
 * reconciler that loads promoted ones, the batcher, the drift monitor and the {@link ColorizerService} over them,
 * built at start so the metrics exist before the first request and closed at shutdown.
 */
@ApplicationScoped
public class ServingBeans {

    private static final Logger LOG = Logger.getLogger(ServingBeans.class);

    @Produces
    @Singleton
    InferenceMetrics metrics(MeterRegistry registry) {
        return new InferenceMetrics(registry);
    }

    @Produces
    @Singleton
    @Startup
    ColorizerService colorizer(InferenceConfig config, ObjectStore store, InferenceMetrics metrics) {
        var b = config.batching();
        var limits = config.limits();
        ModelRegistry registry = new ModelRegistry(config.modelName(), config.keepVersions());
        DynamicBatcher batcher = new DynamicBatcher(b.maxBatchSize(), b.maxBatchPixels(), b.maxDelay(), b.queueCapacity(),
                b.queueCapacityBytes(), b.workers(), b.callerRunsWhenIdle(),
                (images, requests, nanos) -> metrics.batch(images, nanos));
        DriftMonitor drift = new DriftMonitor(config.drift().window(), config.drift().minImages());
        ModelCacheDirectory cacheDirectory = ModelCacheDirectory.open(config.cacheDir());
        ModelReconciler reconciler = new ModelReconciler(registry,
                new SavedModelLoader(store, cacheDirectory.path(), config.tensorflowThreads()),
                new ModelWarmUp(1, b.maxBatchSize()), new SwapReporter(registry, drift, metrics));
        ServingSettings settings = new ServingSettings(config.modelName(), config.alias(), limits.maxBatchImages(),
                limits.maxPixels(), limits.requestTimeout(), config.colorize().mode(),
                config.colorize().maxNativePixels());
        ColorizerService service = new ColorizerService(settings, registry, reconciler, batcher, drift,
                new UploadedImageDecoder(limits.maxPixels(), limits.maxImageBytes()), cacheDirectory);
        metrics.queueDepth(batcher::queueDepth);
        metrics.queuedBytes(batcher::queuedBytes);
        metrics.modelLoadsStartAtZero(config.modelName());
        metrics.driftScore(config.modelName(), drift::score);
        return service;
    }

    void close(@Disposes ColorizerService service) {
        service.close();
    }
}
