package org.inkflow.model.serving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.inkflow.common.artifacts.ModelCard;
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

    private final Path directory;
    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final ModelCard card;
    private final boolean takesHints;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private ColorizerModel(Path directory, SavedModelBundle bundle, SessionFunction function, ModelCard card,
                           boolean takesHints) {
        this.takesHints = takesHints;
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
        if (Files.isRegularFile(dir.resolve(ExportedModel.SAVED_MODEL_DIR).resolve(ExportedModel.SAVED_MODEL_FILE))) {
            savedModel = dir.resolve(ExportedModel.SAVED_MODEL_DIR);
            cardFile = dir.resolve(ExportedModel.MODEL_CARD);
        } else if (Files.isRegularFile(dir.resolve(ExportedModel.SAVED_MODEL_FILE))) {
            savedModel = dir;
            cardFile = Files.isRegularFile(dir.resolve(ExportedModel.MODEL_CARD))
                    ? dir.resolve(ExportedModel.MODEL_CARD)
                    : dir.toAbsolutePath().getParent().resolve(ExportedModel.MODEL_CARD);
        } else {
            throw new IllegalArgumentException("no SavedModel at " + dir + ": expected " + dir
                    + "/saved_model/saved_model.pb (a model version directory) or " + dir + "/saved_model.pb");
        }
        ModelCard card = ModelCard.read(cardFile);
        SavedModelBundle bundle = SavedModelBundle.loader(savedModel.toAbsolutePath().toString())
                .withTags(ExportedModel.TAG)
                .withConfigProto(ExportedModel.sessionConfig(threads))
                .load();
        try {
            Signature signature = bundle.signatures().stream()
                    .filter(s -> s.key().equals(ExportedModel.SIGNATURE)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("SavedModel at " + savedModel + " has no '"
                            + ExportedModel.SIGNATURE + "' signature"));
            if (!signature.inputNames().contains(ExportedModel.INPUT)
                    || !signature.outputNames().contains(ExportedModel.OUTPUT)) {
                throw new IllegalArgumentException("SavedModel at " + savedModel + " signature '"
                        + ExportedModel.SIGNATURE + "' must take '" + ExportedModel.INPUT + "' and give '"
                        + ExportedModel.OUTPUT + "'; it takes " + signature.inputNames() + " and gives "
                        + signature.outputNames());
            }
            return new ColorizerModel(dir, bundle, bundle.function(ExportedModel.SIGNATURE), card,
                    signature.inputNames().contains(ExportedModel.HINTS));
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    public ModelCard card() {
        return card;
    }

    /** The local directory the model was loaded from. */
    public Path directory() {
        return directory;
    }

    /** Whether the model takes color hints ({@link ExportedModel#HINTS}) beside the line art. */
    public boolean takesHints() {
        return takesHints;
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
        return predict(lineArt, null);
    }

    /**
     * As {@link #predict(ImageBatch)} with color hints {@code [N,H,W,4]} ({@code null}: none; a hint model is then fed
     * zeros, which is "no hints" by construction). Hints given to a model without them fail with
     * {@link IllegalArgumentException}, as do hints of the wrong shape or values outside [0,1].
     */
    public ImageBatch predict(ImageBatch lineArt, ImageBatch hints) {
        checkLineArt(lineArt, sizeMultiple());
        checkHints(lineArt, hints);
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
            ImageBatch hintMap = takesHints && hints == null
                    ? ImageBatch.zeros(lineArt.n(), lineArt.height(), lineArt.width(), ExportedModel.HINT_CHANNELS)
                    : hints;
            try (TFloat32 input = ImageTensors.tensor(lineArt);
                 TFloat32 hintTensor = hintMap == null ? null : ImageTensors.tensor(hintMap);
                 Result result = function.call(hintTensor == null ? Map.of(ExportedModel.INPUT, input)
                         : Map.of(ExportedModel.INPUT, input, ExportedModel.HINTS, hintTensor))) {
                Tensor rgb = result.get(ExportedModel.OUTPUT).orElseThrow(() -> new IllegalStateException(
                        "the model gave no '" + ExportedModel.OUTPUT + "' output"));
                return ImageTensors.toBatch((TFloat32) rgb);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Checks hints against this model: it must take them, and they must fit the line art ({@link HintMaps#check}). */
    public void checkHints(ImageBatch lineArt, ImageBatch hints) {
        if (hints == null) {
            return;
        }
        if (!takesHints) {
            throw new IllegalArgumentException("model " + card.name() + "/" + card.version() + " takes no color hints"
                    + " (it was trained without 'hints'); leave the hints out or use a hint model");
        }
        HintMaps.check(lineArt, hints);
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
