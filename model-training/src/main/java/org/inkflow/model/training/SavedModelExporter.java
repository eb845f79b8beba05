package org.inkflow.model.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.inkflow.common.artifacts.ModelCard;
import org.inkflow.model.serving.ExportedModel;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;
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
     * What the U-Net's first convolution sees: the normalized line art {@code [N,H,W,1]}, and with {@code hints}
     * {@code [N,H,W,4]} (RGB + mask; null for a model without hints) the hints' RGB multiplied by the mask and the
     * mask, concatenated: {@code [N,H,W,5]}. The multiplication makes a zero mask "no hint" whatever the RGB says,
     * so an all-zero hint map is exactly the no-hints input.
     */
    static Operand<TFloat32> modelInput(Ops tf, Operand<TFloat32> normalized, Operand<TFloat32> hints) {
        if (hints == null) {
            return normalized;
        }
        Ops h = tf.withSubScope("hints_input");
        Operand<org.tensorflow.types.TInt32> axis = h.constant(3);
        // [N, H, W, 3] and [N, H, W, 1]
        List<org.tensorflow.Output<TFloat32>> parts = h.split(axis, hints, 4L).output();
        Operand<TFloat32> mask = parts.get(3);
        Operand<TFloat32> rgb = h.withName("rgb").concat(List.of(parts.get(0), parts.get(1), parts.get(2)), axis);
        return h.withName("concat").concat(List.of(normalized, h.math.mul(rgb, mask), mask), axis);
    }

    /** {@code [N, H, W, 4]} color hints (RGB + mask) for a hint model, or null without. */
    static Placeholder<TFloat32> hintsInput(Ops tf, UNetConfig config) {
        return config.hints() ? tf.withName(ExportedModel.HINTS).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, -1, -1, UNetConfig.HINT_CHANNELS))) : null;
    }

    /**
     * Builds the inference graph for {@code config}, restores its weights from {@code checkpointPrefix} and writes
     * the SavedModel to {@code savedModelDir} (which must not exist yet: exports are written once).
     */
    public static void export(Path checkpointPrefix, UNetConfig config, InputNormalization normalization,
                              Path savedModelDir) {
        requireNew(savedModelDir);
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = lineArtInput(tf);
            Placeholder<TFloat32> hints = hintsInput(tf, config);
            UNetModel model = UNetModel.inference(tf, modelInput(tf, normalize(tf, input, normalization), hints), config,
                    0L, UNetModel.Init.ZEROS);
            // [N, H, W, 3] RGB in [0,1]
            Operand<TFloat32> output = tf.withName(ExportedModel.OUTPUT).identity(model.output());
            try (Session session = new Session(graph)) {
                session.restore(checkpointPrefix.toAbsolutePath().toString());
                write(session, input, hints, output, savedModelDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SavedModel to " + savedModelDir, e);
        }
    }

    /**
     * Writes one SavedModel that averages the predictions of several checkpoints of the same architecture: each
     * checkpoint's weights (and batch-normalization statistics) under {@code member<i>/unet/...}, the {@code rgb}
     * output the mean of the members' outputs. It serves and is evaluated like any model (same signature), at
     * {@code checkpoints.size()} times the compute of one. {@code savedModelDir} must not exist yet.
     */
    public static void exportEnsemble(List<Path> checkpointPrefixes, UNetConfig config, InputNormalization normalization,
                                      Path savedModelDir) {
        if (checkpointPrefixes.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least 2 checkpoints; got " + checkpointPrefixes.size());
        }
        requireNew(savedModelDir);
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = lineArtInput(tf);
            Placeholder<TFloat32> hints = hintsInput(tf, config);
            Operand<TFloat32> normalized = modelInput(tf, normalize(tf, input, normalization), hints);
            List<Operand<TFloat32>> outputs = new ArrayList<>();
            List<UNetModel> members = new ArrayList<>();
            for (int i = 0; i < checkpointPrefixes.size(); i++) {
                UNetModel member = UNetModel.inference(tf.withSubScope("member" + i), normalized, config, 0L,
                        UNetModel.Init.ZEROS);
                members.add(member);
                outputs.add(member.output());
            }
            // [N, H, W, 3]: the members' mean, still in [0,1]
            Operand<TFloat32> output = tf.withName(ExportedModel.OUTPUT).math.div(tf.math.addN(outputs),
                    tf.constant((float) outputs.size()));
            // Each member's variables read from its checkpoint by their names there (unet/...); the prefix is fed.
            Ops load = tf.withSubScope("load_member");
            Placeholder<TString> prefix = load.withName("prefix").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
            List<Op> restores = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                List<Variable<TFloat32>> variables = new ArrayList<>(members.get(i).variables());
                variables.addAll(members.get(i).statistics());
                String scope = "member" + i + "/";
                String[] names = variables.stream().map(v -> v.op().name().substring(scope.length())).toArray(String[]::new);
                String[] slices = new String[names.length];
                java.util.Arrays.fill(slices, "");
                List<Class<? extends TType>> types = new ArrayList<>();
                variables.forEach(v -> types.add(TFloat32.class));
                Ops m = load.withSubScope("m" + i);
                Restore read = m.train.restore(prefix, m.constant(NdArrays.vectorOfObjects(names)),
                        m.constant(NdArrays.vectorOfObjects(slices)), types);
                List<Op> assigns = new ArrayList<>();
                for (int v = 0; v < variables.size(); v++) {
                    assigns.add(m.assign(variables.get(v), read.tensors().get(v).expect(TFloat32.class)));
                }
                restores.add(m.withName("restore").withControlDependencies(assigns).noOp());
            }
            try (Session session = new Session(graph)) {
                session.initialize();
                for (int i = 0; i < restores.size(); i++) {
                    try (TString path = TString.scalarOf(checkpointPrefixes.get(i).toAbsolutePath().toString())) {
                        session.runner().feed(prefix, path).addTarget(restores.get(i)).run();
                    }
                }
                write(session, input, hints, output, savedModelDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SavedModel to " + savedModelDir, e);
        }
    }

    private static void requireNew(Path savedModelDir) {
        if (Files.exists(savedModelDir)) {
            throw new IllegalArgumentException(savedModelDir + " already exists; a SavedModel is written once,"
                    + " to a new directory");
        }
    }

    /** {@code [N, H, W, 1]} line art in [0,1] (1 = white paper, 0 = black ink): the served input. */
    private static Placeholder<TFloat32> lineArtInput(Ops tf) {
        return tf.withName(ExportedModel.INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
    }

    /**
     * The session's graph as the {@link ExportedModel} contract: tag {@code serve}, {@code line_art} (and for a hint
     * model {@code hints}) in, {@code rgb} out.
     */
    private static void write(Session session, Operand<TFloat32> input, Operand<TFloat32> hints,
                              Operand<TFloat32> output, Path savedModelDir) throws IOException {
        Signature.Builder builder = Signature.builder().key(ExportedModel.SIGNATURE)
                .methodName("tensorflow/serving/predict").input(ExportedModel.INPUT, input);
        if (hints != null) {
            builder.input(ExportedModel.HINTS, hints);
        }
        Signature signature = builder.output(ExportedModel.OUTPUT, output).build();
        Files.createDirectories(savedModelDir);
        SavedModelBundle.exporter(savedModelDir.toAbsolutePath().toString()).withTags(ExportedModel.TAG)
                .withSession(session).withSignature(signature).export();
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
