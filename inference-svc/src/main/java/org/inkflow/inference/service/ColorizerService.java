package org.inkflow.inference.service;

import java.awt.image.BufferedImage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.inference.batching.BatchKey;
import org.inkflow.inference.batching.DynamicBatcher;
import org.inkflow.inference.batching.QueueFullException;
import org.inkflow.inference.batching.RequestTooLargeException;
import org.inkflow.inference.drift.DriftMonitor;
import org.inkflow.inference.imaging.Framing;
import org.inkflow.inference.serving.ModelDescription;
import org.inkflow.inference.serving.ModelLease;
import org.inkflow.inference.serving.ModelReconciler;
import org.inkflow.inference.serving.ModelRegistry;
import org.inkflow.inference.serving.ModelUnavailableException;
import org.jboss.logging.Logger;

/**
 * The serving core: which model versions are loaded (and swapped on promotion), the dynamic batcher in front of
 * them, drift statistics of what comes in, and the two ways in: {@code /colorize} images and v2 tensors. The REST
 * resources and the promotion consumer are thin layers over this; {@code config/ServingBeans} builds it from its
 * parts, which it owns and closes.
 */
public class ColorizerService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ColorizerService.class);

    private final ServingSettings settings;
    private final ModelRegistry registry;
    private final ModelReconciler reconciler;
    private final DynamicBatcher batcher;
    private final DriftMonitor drift;
    private final UploadedImageDecoder decoder;
    private final ModelCacheDirectory cacheDirectory;
    private final ExecutorService respond;

    public ColorizerService(ServingSettings settings, ModelRegistry registry, ModelReconciler reconciler,
                            DynamicBatcher batcher, DriftMonitor drift, UploadedImageDecoder decoder,
                            ModelCacheDirectory cacheDirectory) {
        this.settings = settings;
        this.registry = registry;
        this.reconciler = reconciler;
        this.batcher = batcher;
        this.drift = drift;
        this.decoder = decoder;
        this.cacheDirectory = cacheDirectory;
        AtomicInteger threadNumber = new AtomicInteger();
        this.respond = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "inference-respond-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public String modelName() {
        return settings.modelName();
    }

    public ServingSettings settings() {
        return settings;
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

    /**
     * Whether the serving version ({@code version == null}) or a kept one takes color hints; false when none is
     * loaded.
     */
    public boolean takesHints(String version) {
        java.util.Optional<org.inkflow.inference.serving.ServedModel> model = version == null ? registry.current()
                : registry.kept(version);
        return model.map(m -> m.predictor().takesHints()).orElse(false);
    }

    public boolean ready() {
        return registry.current().isPresent();
    }

    /** Follows a promotion of this service's model and alias; others are ignored. Returns whether it applied. */
    public boolean promote(ModelPromotion promotion) {
        if (!settings.modelName().equals(promotion.modelName()) || !settings.alias().equals(promotion.alias())) {
            LOG.debugf("ignoring promotion of %s alias %s (this service follows %s alias %s)",
                    promotion.modelName(), promotion.alias(), settings.modelName(), settings.alias());
            return false;
        }
        LOG.infof("promotion: %s alias %s -> version %s at %s (%s)", promotion.modelName(), promotion.alias(),
                promotion.version(), promotion.location(), promotion.action());
        reconciler.promote(new ModelReconciler.Target(promotion.version(), promotion.location()));
        return true;
    }

    /** Colors an uploaded PNG or JPEG: the answer is a PNG of the same size. */
    public CompletionStage<ColorizedImage> colorize(byte[] upload, String version) {
        return colorize(upload, null, version);
    }

    /**
     * As {@link #colorize(byte[], String)} with color hints: {@code hintsPng} (null: none) is an image of the drawing's
     * size, transparent where there is no hint; it is framed like the drawing. A 400 when the model takes no hints.
     */
    public CompletionStage<ColorizedImage> colorize(byte[] upload, byte[] hintsPng, String version) {
        BufferedImage image = decoder.decode(upload);
        BufferedImage hintImage = hintsPng == null ? null : decoder.decodeWithAlpha(hintsPng);
        ModelLease lease = acquire(version);
        try {
            ModelDescription d = lease.description();
            if (hintImage != null && !lease.model().predictor().takesHints()) {
                throw new RejectedRequestException(400, "hints_not_supported", "model " + d.name() + " version "
                        + d.version() + " takes no color hints (it was trained without 'hints'); send only the"
                        + " 'image' part");
            }
            Framing framing = Framing.plan(image.getWidth(), image.getHeight(), settings.colorizeMode(),
                    d.imageSize(), d.sizeMultiple(), settings.maxNativePixels());
            float[] content = framing.contentGray(image); // [contentHeight, contentWidth]
            drift.observe(content, 0, content.length);
            float[] lineArt = framing.place(content); // [1, H, W, 1]
            float[] hints = null;
            if (hintImage != null) {
                try {
                    hints = framing.hints(hintImage); // [1, H, W, 4]
                } catch (IllegalArgumentException e) {
                    throw new RejectedRequestException(400, "bad_hints", e.getMessage());
                }
            }
            BatchKey key = new BatchKey(lease.model().predictor(), framing.height(), framing.width());
            CompletableFuture<float[]> colored = submit(lease, key, 1, lineArt, hints);
            Function<float[], ColorizedImage> encode = rgb -> new ColorizedImage(
                    ImageArrays.encodePng(framing.result(rgb)), image.getWidth(), image.getHeight(), d.name(),
                    d.version());
            // Run on this thread (the batcher ran it here: the model was idle), the PNG is encoded here too; else
            // off the batcher's thread, which has the next batch to run.
            return colored.isDone() ? colored.thenApply(encode) : colored.thenApplyAsync(encode, respond);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** Runs a v2 tensor request on the serving version ({@code version == null}) or a kept one. */
    public CompletionStage<TensorResponse> infer(String modelName, String version, TensorRequest request) {
        if (!settings.modelName().equals(modelName)) {
            throw new RejectedRequestException(404, "unknown_model", "unknown model '" + modelName
                    + "'; this server serves '" + settings.modelName() + "' (GET /v2/models/" + settings.modelName() + ")");
        }
        ModelLease lease = acquire(version);
        try {
            ModelDescription d = lease.description();
            checkTensor(request, d, lease.model().predictor().takesHints());
            int pixels = request.height() * request.width();
            for (int i = 0; i < request.n(); i++) {
                drift.observe(request.lineArt(), i * pixels, pixels);
            }
            BatchKey key = new BatchKey(lease.model().predictor(), request.height(), request.width());
            return submit(lease, key, request.n(), request.lineArt(), request.hints()).thenApply(rgb -> new TensorResponse(d.name(),
                    d.version(), request.id(), request.n(), request.height(), request.width(), rgb));
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private ModelLease acquire(String version) {
        try {
            return registry.acquire(version);
        } catch (ModelUnavailableException e) {
            if (e.notLoadedYet()) {
                throw new RejectedRequestException(503, "not_ready", e.getMessage());
            }
            throw new RejectedRequestException(404, "unknown_version", e.getMessage());
        }
    }

    private void checkTensor(TensorRequest r, ModelDescription d, boolean predictorTakesHints) {
        if (r.n() > settings.maxBatchImages()) {
            throw new RejectedRequestException(413, "too_many_images", "the request holds " + r.n()
                    + " images; the limit is " + settings.maxBatchImages()
                    + " per request (inkflow.inference.limits.max-batch-images); split it");
        }
        long pixels = (long) r.height() * r.width();
        if (pixels > settings.maxPixels()) {
            throw new RejectedRequestException(413, "too_many_pixels", "each image is " + r.width() + "x"
                    + r.height() + " = " + pixels + " pixels; the limit is " + settings.maxPixels()
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
        checkHints(r.hints(), d, predictorTakesHints);
    }

    /** Hints need a hint model and values in [0,1]; their shape was checked with the request's. */
    private static void checkHints(float[] hints, ModelDescription d, boolean takesHints) {
        if (hints == null) {
            return;
        }
        if (!takesHints) {
            throw new RejectedRequestException(400, "hints_not_supported", "model " + d.name() + " version "
                    + d.version() + " takes no color hints (it was trained without 'hints'); send only '"
                    + TensorContract.INPUT + "', or train a model with the hyperparameter \"hints\": true");
        }
        for (int i = 0; i < hints.length; i++) {
            float v = hints[i];
            if (!(v >= 0f && v <= 1f)) {
                throw new RejectedRequestException(400, "bad_value", "hints[" + i + "] is " + v
                        + "; hint values must be in [0,1] (R, G, B, and a mask of 1 where a hint is, 0 elsewhere)");
            }
        }
    }

    /**
     * Queues the work; the batcher gives the lease back once it is done with the request. The request timeout
     * completes the future, and the batcher drops a completed request it has not yet run: a request that timed out
     * while queued, or while its batch was forming, never reaches the model.
     */
    private CompletableFuture<float[]> submit(ModelLease lease, BatchKey key, int n, float[] lineArt, float[] hints) {
        CompletableFuture<float[]> result;
        try {
            result = batcher.submit(key, n, lineArt, hints, lease::close);
        } catch (QueueFullException e) {
            throw new RejectedRequestException(503, "queue_full", e.getMessage());
        } catch (RequestTooLargeException e) {
            throw new RejectedRequestException(413, "larger_than_queue", e.getMessage());
        }
        long timeoutNanos = settings.requestTimeout().toNanos();
        return result.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Stops loading and batching, then closes the loaded models and deletes a temporary model cache. */
    @Override
    public void close() {
        reconciler.close();
        batcher.close();
        respond.shutdown();
        registry.close();
        cacheDirectory.close();
    }
}
