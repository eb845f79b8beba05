package org.inkflow.inference.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.inference.batching.BatchKey;
import org.inkflow.inference.batching.DynamicBatcher;
import org.inkflow.inference.batching.QueueFullException;
import org.inkflow.inference.config.InferenceConfig;
import org.inkflow.inference.drift.DriftMonitor;
import org.inkflow.inference.imaging.Framing;
import org.inkflow.inference.imaging.UploadedImageDecoder;
import org.inkflow.inference.metrics.InferenceMetrics;
import org.inkflow.inference.serving.ModelDescription;
import org.inkflow.inference.serving.ModelLease;
import org.inkflow.inference.serving.ModelReconciler;
import org.inkflow.inference.serving.ModelRegistry;
import org.inkflow.inference.serving.ModelWarmUp;
import org.inkflow.inference.serving.SavedModelLoader;
import org.inkflow.inference.serving.ServedModel;
import org.inkflow.inference.serving.SwapListener;
import org.jboss.logging.Logger;

/**
 * The serving core: which model versions are loaded (and swapped on promotion), the dynamic batcher in front of
 * them, drift statistics of what comes in, and the two ways in: {@code /colorize} images and v2 tensors. The REST
 * resources and the promotion consumer are thin layers over this.
 */
@Startup
@ApplicationScoped
public class ColorizerService implements SwapListener {

    private static final Logger LOG = Logger.getLogger(ColorizerService.class);

    private final InferenceConfig config;
    private final InferenceMetrics metrics;
    private final ModelRegistry registry;
    private final DynamicBatcher batcher;
    private final ModelReconciler reconciler;
    private final DriftMonitor drift;
    private final UploadedImageDecoder decoder;
    private final ExecutorService respond;
    private final Path cacheDir;
    private final boolean ownCacheDir;

    public ColorizerService(InferenceConfig config, ObjectStore store, MeterRegistry meterRegistry) {
        this.config = config;
        this.metrics = new InferenceMetrics(meterRegistry);
        this.registry = new ModelRegistry(config.modelName(), config.keepVersions());
        var b = config.batching();
        this.batcher = new DynamicBatcher(b.maxBatchSize(), b.maxDelay(), b.queueCapacity(), b.workers(),
                (images, requests, nanos) -> metrics.batch(images));
        this.drift = new DriftMonitor(config.drift().window(), config.drift().minImages());
        this.decoder = new UploadedImageDecoder(config.limits().maxPixels(), config.limits().maxImageBytes());
        this.ownCacheDir = config.cacheDir().isEmpty();
        this.cacheDir = cacheDir(config);
        this.reconciler = new ModelReconciler(registry,
                new SavedModelLoader(store, cacheDir, config.tensorflowThreads()),
                new ModelWarmUp(1, b.maxBatchSize()), this);
        AtomicInteger threadNumber = new AtomicInteger();
        this.respond = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "inference-respond-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        metrics.queueDepth(batcher::queueDepth);
        metrics.modelLoadsStartAtZero(config.modelName());
        metrics.driftScore(config.modelName(), drift::score);
        if (config.apiKeys().map(List::isEmpty).orElse(true)) {
            LOG.warn("inkflow.inference.api-keys is empty: the inference endpoints accept requests without an API key");
        }
    }

    private static Path cacheDir(InferenceConfig config) {
        try {
            if (config.cacheDir().isPresent()) {
                return Files.createDirectories(Path.of(config.cacheDir().get()));
            }
            return Files.createTempDirectory("inkflow-models-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the model cache directory (inkflow.inference.cache-dir)", e);
        }
    }

    public String modelName() {
        return config.modelName();
    }

    public InferenceMetrics metrics() {
        return metrics;
    }

    public InferenceConfig config() {
        return config;
    }

    public ModelRegistry registry() {
        return registry;
    }

    public ModelReconciler reconciler() {
        return reconciler;
    }

    public DriftMonitor drift() {
        return drift;
    }

    public DynamicBatcher batcher() {
        return batcher;
    }

    public boolean ready() {
        return registry.current().isPresent();
    }

    /** Follows a promotion of this service's model and alias; others are ignored. Returns whether it applied. */
    public boolean promote(ModelPromotion promotion) {
        if (!config.modelName().equals(promotion.modelName()) || !config.alias().equals(promotion.alias())) {
            LOG.debugf("ignoring promotion of %s alias %s (this service follows %s alias %s)",
                    promotion.modelName(), promotion.alias(), config.modelName(), config.alias());
            return false;
        }
        LOG.infof("promotion: %s alias %s -> version %s at %s (%s)", promotion.modelName(), promotion.alias(),
                promotion.version(), promotion.location(), promotion.action());
        reconciler.promote(new ModelReconciler.Target(promotion.version(), promotion.location()));
        return true;
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

    /** Colors an uploaded PNG or JPEG: the answer is a PNG of the same size. */
    public CompletionStage<ColorizedImage> colorize(byte[] upload, String version) {
        BufferedImage image = decoder.decode(upload);
        ModelLease lease = acquire(version);
        try {
            ModelDescription d = lease.description();
            Framing framing = Framing.plan(image.getWidth(), image.getHeight(), config.colorize().mode(),
                    d.imageSize(), d.sizeMultiple(), config.colorize().maxNativePixels());
            float[] content = framing.contentGray(image); // [contentHeight, contentWidth]
            drift.observe(content, 0, content.length);
            float[] lineArt = framing.place(content); // [1, H, W, 1]
            BatchKey key = new BatchKey(lease.model().predictor(), framing.height(), framing.width());
            return submit(lease, key, 1, lineArt).thenApplyAsync(rgb -> new ColorizedImage(
                    ImageArrays.encodePng(framing.result(rgb)), image.getWidth(), image.getHeight(), d.name(),
                    d.version()), respond);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** Runs a v2 tensor request on the serving version ({@code version == null}) or a kept one. */
    public CompletionStage<TensorResponse> infer(String modelName, String version, TensorRequest request) {
        if (!config.modelName().equals(modelName)) {
            throw new RejectedRequestException(404, "unknown_model", "unknown model '" + modelName
                    + "'; this server serves '" + config.modelName() + "' (GET /v2/models/" + config.modelName() + ")");
        }
        ModelLease lease = acquire(version);
        try {
            ModelDescription d = lease.description();
            checkTensor(request, d);
            int pixels = request.height() * request.width();
            for (int i = 0; i < request.n(); i++) {
                drift.observe(request.lineArt(), i * pixels, pixels);
            }
            BatchKey key = new BatchKey(lease.model().predictor(), request.height(), request.width());
            return submit(lease, key, request.n(), request.lineArt()).thenApply(rgb -> new TensorResponse(d.name(),
                    d.version(), request.id(), request.n(), request.height(), request.width(), rgb));
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private ModelLease acquire(String version) {
        try {
            return registry.acquire(version);
        } catch (org.inkflow.inference.serving.ModelUnavailableException e) {
            if (e.notLoadedYet()) {
                throw new RejectedRequestException(503, "not_ready", e.getMessage());
            }
            throw new RejectedRequestException(404, "unknown_version", e.getMessage());
        }
    }

    private void checkTensor(TensorRequest r, ModelDescription d) {
        var limits = config.limits();
        if (r.n() > limits.maxBatchImages()) {
            throw new RejectedRequestException(413, "too_many_images", "the request holds " + r.n()
                    + " images; the limit is " + limits.maxBatchImages()
                    + " per request (inkflow.inference.limits.max-batch-images); split it");
        }
        long pixels = (long) r.height() * r.width();
        if (pixels > limits.maxPixels()) {
            throw new RejectedRequestException(413, "too_many_pixels", "each image is " + r.width() + "x"
                    + r.height() + " = " + pixels + " pixels; the limit is " + limits.maxPixels()
                    + " (inkflow.inference.limits.max-pixels)");
        }
        int m = d.sizeMultiple();
        if (r.height() % m != 0 || r.width() % m != 0) {
            throw new RejectedRequestException(400, "bad_shape", "height " + r.height() + " and width " + r.width()
                    + " must be multiples of " + m + " (model card sizeMultiple of " + d.name() + " " + d.version()
                    + "); pad with 1.0 (white) to " + ((r.height() + m - 1) / m * m) + "x" + ((r.width() + m - 1) / m * m));
        }
        float[] data = r.lineArt();
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (!(v >= 0f && v <= 1f)) {
                throw new RejectedRequestException(400, "bad_value", "line_art[" + i + "] is " + v
                        + "; values must be in [0,1] (1 = white paper, 0 = black ink): divide 8-bit pixels by 255");
            }
        }
    }

    /** Queues the work; the batcher gives the lease back once it is done with the request. */
    private CompletableFuture<float[]> submit(ModelLease lease, BatchKey key, int n, float[] lineArt) {
        CompletableFuture<float[]> result;
        try {
            result = batcher.submit(key, n, lineArt, lease::close);
        } catch (QueueFullException e) {
            throw new RejectedRequestException(503, "queue_full", e.getMessage());
        }
        long timeoutNanos = config.limits().requestTimeout().toNanos();
        return result.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    void close() {
        reconciler.close();
        batcher.close();
        respond.shutdown();
        registry.close();
        if (ownCacheDir) {
            deleteRecursively(cacheDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debugf("could not delete %s: %s", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.debugf("could not clean %s: %s", dir, e.getMessage());
        }
    }
}
