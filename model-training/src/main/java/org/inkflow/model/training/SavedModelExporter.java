package org.inkflow.model.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.inkflow.common.artifacts.ModelCard;
import org.inkflow.model.serving.ExportedModel;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes the serving model: a fresh inference-only graph (no optimizer slots, no dropout) whose variables are
 * restored by name from a training checkpoint, exported as the {@link ExportedModel} contract describes (tag
 * {@code serve}, signature {@code serving_default}, {@code line_art} in, {@code rgb} out), the training split's
 * normalization inside the graph.
 */
public final class SavedModelExporter {

    private SavedModelExporter() {
    }

    /** {@code (x - mean) / std} in the graph: {@code [N,H,W,1]} in, same shape out. */
    static Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> lineArt, InputNormalization normalization) {
        Ops n = tf.withSubScope("normalize");
        return n.withName("normalized").math.mul(n.math.sub(lineArt, n.constant(normalization.mean())),
                n.constant(1f / normalization.std()));
    }

    /**
     * Builds the inference graph for {@code config}, restores its weights from {@code checkpointPrefix} and writes
     * the SavedModel to {@code savedModelDir} (which must not exist yet: exports are written once).
     */
    public static void export(Path checkpointPrefix, UNetConfig config, InputNormalization normalization,
                              Path savedModelDir) {
        if (Files.exists(savedModelDir)) {
            throw new IllegalArgumentException(savedModelDir + " already exists; a SavedModel is written once,"
                    + " to a new directory");
        }
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            // [N, H, W, 1] line art in [0,1] (1 = white paper, 0 = black ink)
            Placeholder<TFloat32> input = tf.withName(ExportedModel.INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, 1)));
            UNetModel model = UNetModel.inference(tf, normalize(tf, input, normalization), config, 0L,
                    UNetModel.Init.ZEROS);
            // [N, H, W, 3] RGB in [0,1]
            Operand<TFloat32> output = tf.withName(ExportedModel.OUTPUT).identity(model.output());
            try (Session session = new Session(graph)) {
                session.restore(checkpointPrefix.toAbsolutePath().toString());
                Signature signature = Signature.builder().key(ExportedModel.SIGNATURE).methodName("tensorflow/serving/predict")
                        .input(ExportedModel.INPUT, input).output(ExportedModel.OUTPUT, output).build();
                Files.createDirectories(savedModelDir);
                SavedModelBundle.exporter(savedModelDir.toAbsolutePath().toString()).withTags(ExportedModel.TAG)
                        .withSession(session).withSignature(signature).export();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SavedModel to " + savedModelDir, e);
        }
    }

    /**
     * Writes a complete model version directory: {@code modelDir/saved_model/} from the training graph's current
     * weights and {@code modelDir/model-card.json}. Upload it with {@code ObjectStore.putDirectory(modelDir,
     * Keys.modelDir(name, version))}.
     */
    public static void writeModel(TrainingGraph training, ModelCard card, Path modelDir) {
        writeModel(training, card, modelDir, false);
    }

    /** As {@link #writeModel(TrainingGraph, ModelCard, Path)}; {@code averaged} exports the weights' moving average. */
    public static void writeModel(TrainingGraph training, ModelCard card, Path modelDir, boolean averaged) {
        try {
            Files.createDirectories(modelDir);
            Path savedModel = modelDir.resolve(ExportedModel.SAVED_MODEL_DIR);
            if (averaged) {
                training.exportAveragedSavedModel(savedModel);
            } else {
                training.exportSavedModel(savedModel);
            }
            card.write(modelDir.resolve(ExportedModel.MODEL_CARD));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model to " + modelDir, e);
        }
    }
}
