package org.inkflow.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.inkflow.common.artifacts.ModelCard;
import org.inkflow.common.storage.ObjectStore;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/**
 * A loaded colorization model: the SavedModel's {@code serving_default} function and its model card.
 * {@link #predict} takes line art {@code [N,H,W,1]} in [0,1] and returns RGB {@code [N,H,W,3]} in [0,1]; it is safe
 * to call from many threads (TensorFlow sessions are), and {@link #close} waits for running calls before freeing
 * the native memory.
 */
public final class ColorizerModel implements AutoCloseable {

    private static final String COMPLETE_MARKER = ".inkflow-complete";

    private final Path directory;
    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final ModelCard card;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private ColorizerModel(Path directory, SavedModelBundle bundle, SessionFunction function, ModelCard card) {
        this.directory = directory;
        this.bundle = bundle;
        this.function = function;
        this.card = card;
    }

    /**
     * Loads a model version directory ({@code saved_model/} and {@code model-card.json} inside it), or a
     * {@code saved_model/} directory itself with the card beside it.
     */
    public static ColorizerModel load(Path dir) {
        return load(dir, 0);
    }

    /** As {@link #load(Path)}, limiting TensorFlow to {@code threads} intra-op threads (0: TensorFlow chooses). */
    public static ColorizerModel load(Path dir, int threads) {
        Path savedModel;
        Path cardFile;
        if (Files.isRegularFile(dir.resolve(SavedModelExporter.SAVED_MODEL_DIR).resolve("saved_model.pb"))) {
            savedModel = dir.resolve(SavedModelExporter.SAVED_MODEL_DIR);
            cardFile = dir.resolve(SavedModelExporter.MODEL_CARD);
        } else if (Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            savedModel = dir;
            cardFile = Files.isRegularFile(dir.resolve(SavedModelExporter.MODEL_CARD))
                    ? dir.resolve(SavedModelExporter.MODEL_CARD)
                    : dir.toAbsolutePath().getParent().resolve(SavedModelExporter.MODEL_CARD);
        } else {
            throw new IllegalArgumentException("no SavedModel at " + dir + ": expected " + dir
                    + "/saved_model/saved_model.pb (a model version directory) or " + dir + "/saved_model.pb");
        }
        ModelCard card = ModelCard.read(cardFile);
        SavedModelBundle bundle = SavedModelBundle.loader(savedModel.toAbsolutePath().toString())
                .withTags(SavedModelExporter.TAG)
                .withConfigProto(TrainingGraph.sessionConfig(threads))
                .load();
        try {
            Signature signature = bundle.signatures().stream()
                    .filter(s -> s.key().equals(SavedModelExporter.SIGNATURE)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("SavedModel at " + savedModel + " has no '"
                            + SavedModelExporter.SIGNATURE + "' signature"));
            if (!signature.inputNames().contains(SavedModelExporter.INPUT)
                    || !signature.outputNames().contains(SavedModelExporter.OUTPUT)) {
                throw new IllegalArgumentException("SavedModel at " + savedModel + " signature '"
                        + SavedModelExporter.SIGNATURE + "' must take '" + SavedModelExporter.INPUT + "' and give '"
                        + SavedModelExporter.OUTPUT + "'; it takes " + signature.inputNames() + " and gives "
                        + signature.outputNames());
            }
            return new ColorizerModel(dir, bundle, bundle.function(SavedModelExporter.SIGNATURE), card);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /**
     * Downloads {@code location} ({@code models/<name>/<version>/}, the candidate event's location) into
     * {@code cacheDir} unless a complete copy is there (model versions never change), then loads it.
     */
    public static ColorizerModel download(ObjectStore store, String location, Path cacheDir) {
        return load(fetch(store, location, cacheDir));
    }

    /** Downloads a model version directory into the cache and answers its local path (no loading). */
    public static Path fetch(ObjectStore store, String location, Path cacheDir) {
        String prefix = normalizeLocation(store, location);
        Path target = cacheDir.resolve(prefix).normalize();
        if (!target.startsWith(cacheDir.normalize())) {
            throw new IllegalArgumentException("model location '" + location + "' escapes the cache directory");
        }
        if (Files.exists(target.resolve(COMPLETE_MARKER))) {
            return target;
        }
        Path partial = null;
        try {
            Files.createDirectories(target.getParent());
            partial = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-");
            int objects = store.getDirectory(prefix, partial);
            if (!Files.isRegularFile(partial.resolve(SavedModelExporter.MODEL_CARD))
                    || !Files.isRegularFile(partial.resolve(SavedModelExporter.SAVED_MODEL_DIR).resolve("saved_model.pb"))) {
                throw new IllegalArgumentException("s3://" + store.bucket() + "/" + prefix + " (" + objects
                        + " objects) is not a model version: it needs saved_model/saved_model.pb and model-card.json");
            }
            Files.createFile(partial.resolve(COMPLETE_MARKER));
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                partial = null;
            } catch (IOException e) {
                // Another thread or process finished the same download first (the rename finds a non-empty
                // directory); its copy is identical because model versions never change.
                if (!Files.exists(target.resolve(COMPLETE_MARKER))) {
                    throw e;
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + prefix + " to " + target, e);
        } finally {
            SavedModelExporter.deleteRecursively(partial);
        }
    }

    private static String normalizeLocation(ObjectStore store, String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("model location is empty; expected models/<name>/<version>/");
        }
        String prefix = location.trim();
        String s3 = "s3://" + store.bucket() + "/";
        if (prefix.startsWith(s3)) {
            prefix = prefix.substring(s3.length());
        }
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (!prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (prefix.contains("..")) {
            throw new IllegalArgumentException("model location '" + location + "' must not contain '..'");
        }
        return prefix;
    }

    public ModelCard card() {
        return card;
    }

    /** The local directory the model was loaded from. */
    public Path directory() {
        return directory;
    }

    /** H and W given to {@link #predict} must be multiples of this. */
    public int sizeMultiple() {
        return card.sizeMultiple();
    }

    /**
     * Colors a batch of line art {@code [N,H,W,1]} in [0,1] (1 = paper, 0 = ink): {@code [N,H,W,3]} RGB in [0,1].
     * Fails with {@link IllegalArgumentException} on a wrong channel count, a size that is not a multiple of
     * {@link #sizeMultiple()} or non-finite values.
     */
    public ImageBatch predict(ImageBatch lineArt) {
        checkLineArt(lineArt, sizeMultiple());
        for (float v : lineArt.data()) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("line art contains NaN or infinite values; feed values in [0,1]");
            }
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("model " + card.name() + "/" + card.version() + " is closed");
            }
            try (TFloat32 input = TrainingGraph.tensor(lineArt);
                 Result result = function.call(Map.of(SavedModelExporter.INPUT, input))) {
                Tensor rgb = result.get(SavedModelExporter.OUTPUT).orElseThrow(() -> new IllegalStateException(
                        "the model gave no '" + SavedModelExporter.OUTPUT + "' output"));
                return TrainingGraph.toBatch((TFloat32) rgb);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Checks a line-art batch against the model's input contract, with a message that says how to fix it. */
    public static void checkLineArt(ImageBatch lineArt, int sizeMultiple) {
        if (lineArt == null) {
            throw new IllegalArgumentException("line art batch is null");
        }
        if (lineArt.channels() != 1) {
            throw new IllegalArgumentException("line art must have 1 channel (gray, [N,H,W,1]); got "
                    + lineArt.channels() + " channels in " + lineArt + "; convert to gray first");
        }
        if (lineArt.height() % sizeMultiple != 0 || lineArt.width() % sizeMultiple != 0) {
            throw new IllegalArgumentException("line art is " + lineArt.width() + "x" + lineArt.height()
                    + " (WxH); this model needs width and height that are multiples of " + sizeMultiple
                    + " (model card sizeMultiple): pad or resize to " + roundUp(lineArt.width(), sizeMultiple) + "x"
                    + roundUp(lineArt.height(), sizeMultiple));
        }
    }

    private static int roundUp(int v, int multiple) {
        return (v + multiple - 1) / multiple * multiple;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                bundle.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
