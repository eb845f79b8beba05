package org.inkflow.model.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ExportedModel;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.serving.ImageTensors;
import org.inkflow.model.serving.ModelCache;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The U-Net with its loss and an Adam update in one TensorFlow graph and session: one {@link #step} is one
 * optimizer update on a batch. Adam is the raw {@code ApplyAdam} op with the learning rate and bias-correction
 * powers fed per step (so schedules work and a resumed run continues exactly), gradients are clipped by global
 * norm, and L2 decay and dropout follow the {@link UNetConfig}. With {@code adversarialWeight} > 0 a PatchGAN
 * discriminator ({@link PatchDiscriminator}) adds its term to the loss and takes its own Adam update in the same
 * step. Its checkpoints hold the weights and the optimizers' moments; {@link #exportSavedModel} writes only what
 * inference needs. Not thread-safe: one trainer drives it.
 */
public final class TrainingGraph implements AutoCloseable {

    /**
     * Optimizer and session settings beside the architecture. {@code clipNorm} 0 turns clipping off.
     * {@code meanColor} (the training targets' mean RGB) starts the output there; without it (null) the output
     * starts at gray and an L1 run can collapse to all-white (see {@link UNetModel}), so trainers should pass it.
     */
    public record Options(UNetConfig model, InputNormalization normalization, float beta1, float beta2,
                          float epsilon, float clipNorm, long seed, int threads, float[] meanColor, float emaDecay,
                          Set<String> frozen, float adversarialWeight) {

        /** Without an adversarial term. */
        public Options(UNetConfig model, InputNormalization normalization, float beta1, float beta2, float epsilon,
                       float clipNorm, long seed, int threads, float[] meanColor, float emaDecay, Set<String> frozen) {
            this(model, normalization, beta1, beta2, epsilon, clipNorm, seed, threads, meanColor, emaDecay, frozen, 0f);
        }

        /** Nothing frozen. */
        public Options(UNetConfig model, InputNormalization normalization, float beta1, float beta2, float epsilon,
                       float clipNorm, long seed, int threads, float[] meanColor, float emaDecay) {
            this(model, normalization, beta1, beta2, epsilon, clipNorm, seed, threads, meanColor, emaDecay, Set.of());
        }

        /** Without a mean color: the output starts at 0.5 gray. */
        public Options(UNetConfig model, InputNormalization normalization, float beta1, float beta2, float epsilon,
                       float clipNorm, long seed, int threads) {
            this(model, normalization, beta1, beta2, epsilon, clipNorm, seed, threads, null);
        }

        /** Without a moving average of the weights. */
        public Options(UNetConfig model, InputNormalization normalization, float beta1, float beta2, float epsilon,
                       float clipNorm, long seed, int threads, float[] meanColor) {
            this(model, normalization, beta1, beta2, epsilon, clipNorm, seed, threads, meanColor, 0f);
        }

        /** The same options with an exponential moving average of the weights at {@code decay} (0 = none). */
        public Options withEmaDecay(float decay) {
            return new Options(model, normalization, beta1, beta2, epsilon, clipNorm, seed, threads, meanColor, decay,
                    frozen, adversarialWeight);
        }

        /**
         * The same options with layers frozen: {@code prefixes} name layers ({@code enc0_conv1}) or groups of them
         * ({@code enc0} = every {@code enc0_*} layer). A frozen layer gets no optimizer update and no Adam slots;
         * its weights stay bit-identical (transfer learning).
         */
        public Options withFrozen(Set<String> prefixes) {
            return new Options(model, normalization, beta1, beta2, epsilon, clipNorm, seed, threads, meanColor, emaDecay,
                    prefixes, adversarialWeight);
        }

        /**
         * The same options with a PatchGAN adversarial term ({@link PatchDiscriminator}) weighted {@code weight} beside
         * the reconstruction loss; 0 builds no discriminator at all.
         */
        public Options withAdversarialWeight(float weight) {
            return new Options(model, normalization, beta1, beta2, epsilon, clipNorm, seed, threads, meanColor, emaDecay,
                    frozen, weight);
        }

        /** Fails, naming the layers, when a prefix matches no layer or every layer is frozen. */
        public void checkFrozen() {
            List<String> layers = UNetModel.layerNames(model);
            List<String> unknown = frozen.stream().filter(prefix -> layers.stream()
                    .noneMatch(l -> l.equals(prefix) || l.startsWith(prefix + "_"))).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("cannot freeze " + unknown + ": no such layer; layers are " + layers);
            }
            if (!layers.isEmpty() && layers.stream().allMatch(this::frozen)) {
                throw new IllegalArgumentException("every layer is frozen: nothing would train");
            }
        }

        /** Whether {@code layer} is frozen by one of {@link #frozen()}'s prefixes. */
        public boolean frozen(String layer) {
            for (String prefix : frozen) {
                if (layer.equals(prefix) || layer.startsWith(prefix + "_")) {
                    return true;
                }
            }
            return false;
        }

        public Options {
            if (model == null || normalization == null) {
                throw new IllegalArgumentException("training options need a model config and input normalization");
            }
            if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
                throw new IllegalArgumentException("Adam beta1 and beta2 must be in [0,1); got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0f)) {
                throw new IllegalArgumentException("Adam epsilon must be > 0; got " + epsilon);
            }
            if (!(clipNorm >= 0f) || Float.isInfinite(clipNorm)) {
                throw new IllegalArgumentException("gradient clip norm must be >= 0 (0 turns it off); got " + clipNorm);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0 (0 lets TensorFlow choose); got " + threads);
            }
            frozen = frozen == null ? Set.of() : Set.copyOf(frozen);
            if (!(emaDecay >= 0f && emaDecay < 1f)) {
                throw new IllegalArgumentException("the weights' moving-average decay must be in [0,1) (0 turns it"
                        + " off); got " + emaDecay);
            }
            if (!(adversarialWeight >= 0f) || Float.isInfinite(adversarialWeight)) {
                throw new IllegalArgumentException("the adversarial weight must be >= 0 (0 turns the discriminator"
                        + " off); got " + adversarialWeight);
            }
        }

        /** Adam's usual defaults (0.9, 0.999, 1e-7), clipping at 1.0, TensorFlow's thread choice. */
        public static Options defaults(UNetConfig model, InputNormalization normalization, long seed) {
            return new Options(model, normalization, 0.9f, 0.999f, 1e-7f, 1f, seed, 0, null, 0f);
        }
    }

    /**
     * One step's numbers: the reconstruction loss, the total loss (with L2 and the weighted adversarial term) and the
     * gradient's global norm.
     */
    public record StepResult(float loss, float totalLoss, float gradientNorm, Map<String, LayerStats> layers) {
    }

    /** Per-layer diagnostics of one batch: the kernel's gradient norm and the fraction of dead channels. */
    public record LayerStats(float gradientNorm, float deadRatio) {
    }

    private final Options options;
    private final Graph graph;
    private final Session session;
    private final UNetModel model;
    private final Placeholder<TFloat32> lineArt;
    private final Placeholder<TFloat32> target;
    /** {@code [N,H,W,4]} color hints, zeros unless fed; null for a model without hints. */
    private final Operand<TFloat32> hints;
    private final Placeholder<TFloat32> learningRate;
    private final Placeholder<TFloat32> beta1Power;
    private final Placeholder<TFloat32> beta2Power;
    private final Operand<TFloat32> dropoutRate;
    private final Operand<TInt64> dropoutSeed;
    private final Operand<TFloat32> loss;
    private final Operand<TFloat32> totalLoss;
    private final Operand<TFloat32> globalNorm;
    private final Op train;
    /** The PatchGAN discriminator; null unless {@code adversarialWeight} > 0. */
    private final PatchDiscriminator discriminator;
    private final List<Operand<TFloat32>> gradientsByVariable = new ArrayList<>();
    private final Map<String, Operand<TFloat32>> layerGradientNorms = new LinkedHashMap<>();
    private final Map<String, Operand<TFloat32>> layerDeadRatios = new LinkedHashMap<>();
    /** The moving averages of the model's variables, in {@code model.variables()} order; empty without EMA. */
    private final List<Variable<TFloat32>> averages = new ArrayList<>();
    /** Copies the weights into their averages (run once at start, when the averages begin). */
    private Op averagesFromWeights;
    /** Copies the averages into the weights (export and evaluation of the averaged model). */
    private Op weightsFromAverages;

    public TrainingGraph(Options options) {
        this.options = options;
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            // [N, H, W, 1] line art in [0,1]; [N, H, W, 3] color target in [0,1]
            lineArt = tf.withName("line_art").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
            target = tf.withName("target").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
            learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            beta1Power = tf.withName("adam_beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            beta2Power = tf.withName("adam_beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

            if (options.model().hints()) {
                // [N, H, W, 4] hints; all zeros ("no hints") unless fed, so every method without hints just works
                Ops z = tf.withSubScope("no_hints");
                Operand<org.tensorflow.types.TInt32> shape = z.math.add(
                        z.math.mul(z.shape(lineArt), z.constant(new int[] {1, 1, 1, 0})),
                        z.constant(new int[] {0, 0, 0, UNetConfig.HINT_CHANNELS}));
                hints = tf.withName(ExportedModel.HINTS).placeholderWithDefault(
                        z.fill(shape, z.constant(0f)), Shape.of(-1, -1, -1, UNetConfig.HINT_CHANNELS));
            } else {
                hints = null;
            }
            Operand<TFloat32> normalized = SavedModelExporter.modelInput(tf,
                    SavedModelExporter.normalize(tf, lineArt, options.normalization()), hints);
            model = UNetModel.training(tf, normalized, options.model(), options.seed(), UNetModel.Init.SEEDED,
                    options.meanColor(), options::frozen);
            dropoutRate = model.dropoutRate();
            dropoutSeed = model.dropoutSeed();

            loss = reconstructionLoss(tf, model.trainingOutput(), target, options.model().loss());
            Operand<TFloat32> total = loss;
            if (options.model().l2() > 0f) {
                List<Operand<TFloat32>> squares = new ArrayList<>();
                for (UNetModel.Layer layer : model.layers()) {
                    squares.add(tf.nn.l2Loss(layer.kernel()));
                }
                total = tf.math.add(loss, tf.math.mul(tf.constant(options.model().l2()), tf.math.addN(squares)));
            }
            if (options.adversarialWeight() > 0f) {
                discriminator = new PatchDiscriminator(tf, lineArt, target, model.trainingOutput(), options.seed());
                total = tf.math.add(total, tf.math.mul(tf.constant(options.adversarialWeight()),
                        discriminator.generatorLoss()));
            } else {
                discriminator = null;
            }
            totalLoss = tf.withName("total_loss").identity(total);

            List<Variable<TFloat32>> variables = model.variables();
            Output<?>[] xs = variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
            Output<?>[] grads = graph.addGradients(totalLoss.asOutput(), xs);
            List<Operand<TFloat32>> squaredNorms = new ArrayList<>();
            List<Operand<TFloat32>> gradients = new ArrayList<>();
            for (Output<?> g : grads) {
                Operand<TFloat32> grad = g.expect(TFloat32.class);
                gradients.add(grad);
                gradientsByVariable.add(grad);
                squaredNorms.add(tf.reduceSum(tf.math.square(grad), allAxes(tf, grad)));
            }
            options.checkFrozen();
            // The global norm (and clipping) covers the trained variables only: frozen ones never move.
            List<Operand<TFloat32>> trainedNorms = new ArrayList<>();
            for (int i = 0; i < squaredNorms.size(); i++) {
                if (!options.frozen(model.layers().get(i / 2).name())) {
                    trainedNorms.add(squaredNorms.get(i));
                }
            }
            globalNorm = tf.withName("gradient_global_norm").math.sqrt(tf.math.addN(trainedNorms));
            Operand<TFloat32> scale = tf.constant(1f);
            if (options.clipNorm() > 0f) {
                Operand<TFloat32> clip = tf.constant(options.clipNorm());
                scale = tf.math.div(clip, tf.math.maximum(globalNorm, clip));
            }
            for (int i = 0; i < model.layers().size(); i++) {
                UNetModel.Layer layer = model.layers().get(i);
                // variables() lists kernel, bias per layer: the kernel's gradient is at 2*i
                layerGradientNorms.put(layer.name(), tf.math.sqrt(squaredNorms.get(2 * i)));
                Operand<TFloat32> channelMax = tf.reduceMax(layer.preActivation(), tf.constant(new int[] {0, 1, 2}));
                layerDeadRatios.put(layer.name(), tf.math.mean(
                        tf.dtypes.cast(tf.math.lessEqual(channelMax, tf.constant(0f)), TFloat32.class),
                        tf.constant(0)));
            }

            // Adam is built last: its slots must not be seen as model variables.
            Ops adam = tf.withSubScope("adam");
            List<Op> updates = new ArrayList<>();
            for (int i = 0; i < variables.size(); i++) {
                Variable<TFloat32> v = variables.get(i);
                if (options.frozen(model.layers().get(i / 2).name())) {
                    continue;
                }
                // Slots named after their variable (adam/enc0_conv1/kernel_m) so checkpoints restore them by name.
                Ops slot = adam.withSubScope(model.layers().get(i / 2).name());
                String base = i % 2 == 0 ? "kernel" : "bias";
                Shape shape = v.shape();
                Ops init = slot.withInitScope();
                Variable<TFloat32> m = slot.withName(base + "_m").variable(
                        init.withName(base + "_m_zeros").zeros(init.constant(shape.asArray()), TFloat32.class));
                Variable<TFloat32> s = slot.withName(base + "_v").variable(
                        init.withName(base + "_v_zeros").zeros(init.constant(shape.asArray()), TFloat32.class));
                Operand<TFloat32> clipped = tf.math.mul(gradients.get(i), scale);
                updates.add(adam.train.applyAdam(v, m, s, beta1Power, beta2Power, learningRate,
                        adam.constant(options.beta1()), adam.constant(options.beta2()), adam.constant(options.epsilon()),
                        clipped));
            }
            List<Op> trainDeps = updates;
            if (options.emaDecay() > 0f) {
                trainDeps = movingAverages(tf, variables, tf.withName("adam_done").withControlDependencies(updates).noOp());
            }
            List<Op> stepOps = new ArrayList<>(trainDeps);
            if (discriminator != null) {
                stepOps.addAll(discriminator.updates(graph, tf, options, learningRate, beta1Power, beta2Power, updates));
            }
            // Batch normalization's moving statistics follow this batch's moments (none when it is off).
            stepOps.addAll(model.statisticsUpdates());
            train = tf.withName("train").withControlDependencies(stepOps).noOp();
            session = new Session(graph, ExportedModel.sessionConfig(options.threads()));
            session.initialize();
            if (averagesFromWeights != null) {
                session.runner().addTarget(averagesFromWeights).run();
            }
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /**
     * An exponential moving average per model variable ({@code ema/<layer>/kernel}, saved with the checkpoints so a
     * resumed run keeps it), updated after each Adam update: {@code avg -= (1 - decay) * (avg - w)}. Starts at the
     * initial weights, as TensorFlow's {@code ExponentialMovingAverage} does. Returns the update ops.
     */
    private List<Op> movingAverages(Ops tf, List<Variable<TFloat32>> variables, Op afterAdam) {
        Ops ema = tf.withSubScope("ema");
        Operand<TFloat32> rate = ema.constant(1f - options.emaDecay());
        List<Op> updates = new ArrayList<>();
        List<Op> fromWeights = new ArrayList<>();
        List<Op> toWeights = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            Variable<TFloat32> v = variables.get(i);
            Ops slot = ema.withSubScope(model.layers().get(i / 2).name());
            String base = i % 2 == 0 ? "kernel" : "bias";
            Ops init = slot.withInitScope();
            Variable<TFloat32> average = slot.withName(base).variable(
                    init.withName(base + "_zeros").zeros(init.constant(v.shape().asArray()), TFloat32.class));
            averages.add(average);
            // Every op of the update, the read of the weights included, waits for Adam's update.
            Ops after = slot.withControlDependencies(List.of(afterAdam));
            updates.add(after.withName(base + "_update").assignSub(average, after.math.mul(rate, after.math.sub(average, v))));
            fromWeights.add(slot.withName(base + "_from_weights").assign(average, v));
            toWeights.add(slot.withName(base + "_to_weights").assign(v, average));
        }
        averagesFromWeights = ema.withName("from_weights").withControlDependencies(fromWeights).noOp();
        weightsFromAverages = ema.withName("to_weights").withControlDependencies(toWeights).noOp();
        return updates;
    }

    private static Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, Operand<TFloat32> x) {
        return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
    }

    static Operand<TFloat32> reconstructionLoss(Ops tf, Operand<TFloat32> prediction, Operand<TFloat32> target,
                                               UNetConfig.Loss kind) {
        Operand<TFloat32> diff = tf.math.sub(prediction, target);
        Operand<TFloat32> perPixel = kind == UNetConfig.Loss.MSE ? tf.math.square(diff) : tf.math.abs(diff);
        return tf.withName("loss").math.mean(perPixel, tf.constant(new int[] {0, 1, 2, 3}));
    }

    public Options options() {
        return options;
    }

    public UNetModel model() {
        return model;
    }

    /** The layer names, in graph order (the metrics' {@code layer} label). */
    public List<String> layerNames() {
        return List.copyOf(layerGradientNorms.keySet());
    }

    public long parameterCount() {
        return UNetModel.parameterCount(options.model());
    }

    /**
     * One Adam update on a batch. {@code step} is the 0-based global step: it sets Adam's bias correction and keys
     * the dropout masks, so a resumed run repeats an uninterrupted one. With {@code layerStats} it also returns
     * each layer's gradient norm and dead-channel fraction for this batch.
     */
    public StepResult step(ImageBatch input, ImageBatch color, float lr, long step, boolean layerStats) {
        return step(input, color, null, lr, step, layerStats);
    }

    /**
     * As {@link #step(ImageBatch, ImageBatch, float, long, boolean)} with color hints {@code [N,H,W,4]} for a hint
     * model ({@code null}: none, all zeros).
     */
    public StepResult step(ImageBatch input, ImageBatch color, ImageBatch hintMap, float lr, long step,
                           boolean layerStats) {
        checkPair(input, color);
        checkHints(input, hintMap);
        if (!(lr >= 0f) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0; got " + lr);
        }
        double t = step + 1.0;
        try (TFloat32 x = ImageTensors.tensor(input); TFloat32 y = ImageTensors.tensor(color); TFloat32 rate = TFloat32.scalarOf(lr);
             TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(options.beta1(), t));
             TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(options.beta2(), t));
             TInt64 seed = TInt64.vectorOf(options.seed(), step);
             TFloat32 h = hintMap == null ? null : ImageTensors.tensor(hintMap)) {
            Session.Runner runner = session.runner().feed(lineArt, x).feed(target, y).feed(learningRate, rate)
                    .feed(beta1Power, b1).feed(beta2Power, b2).addTarget(train)
                    .fetch(loss).fetch(totalLoss).fetch(globalNorm);
            if (h != null) {
                runner.feed(hints, h);
            }
            if (dropoutSeed != null) {
                runner.feed(dropoutSeed, seed);
            }
            if (layerStats) {
                layerGradientNorms.values().forEach(runner::fetch);
                layerDeadRatios.values().forEach(runner::fetch);
            }
            try (Result result = runner.run()) {
                Map<String, LayerStats> stats = new LinkedHashMap<>();
                if (layerStats) {
                    int n = layerGradientNorms.size();
                    int i = 0;
                    for (String name : layerGradientNorms.keySet()) {
                        stats.put(name, new LayerStats(scalar(result.get(3 + i)), scalar(result.get(3 + n + i))));
                        i++;
                    }
                }
                return new StepResult(scalar(result.get(0)), scalar(result.get(1)), scalar(result.get(2)), stats);
            }
        }
    }

    /** The reconstruction loss of a batch with dropout off and batch normalization's moving statistics (validation). */
    public float loss(ImageBatch input, ImageBatch color) {
        return loss(input, color, null);
    }

    /** As {@link #loss(ImageBatch, ImageBatch)} with color hints {@code [N,H,W,4]} ({@code null}: none). */
    public float loss(ImageBatch input, ImageBatch color, ImageBatch hintMap) {
        checkPair(input, color);
        checkHints(input, hintMap);
        try (TFloat32 x = ImageTensors.tensor(input); TFloat32 y = ImageTensors.tensor(color); TFloat32 noDropout = TFloat32.scalarOf(0f);
             TFloat32 moving = TFloat32.scalarOf(1f); TFloat32 h = hintMap == null ? null : ImageTensors.tensor(hintMap)) {
            Session.Runner runner = session.runner().feed(lineArt, x).feed(target, y).fetch(loss);
            if (h != null) {
                runner.feed(hints, h);
            }
            disableDropout(runner, noDropout);
            useMovingStatistics(runner, moving);
            try (Result result = runner.run()) {
                return scalar(result.get(0));
            }
        }
    }

    /**
     * The model's colors for a batch of line art {@code [N,H,W,1]}, dropout off, batch normalization's moving
     * statistics (as the exported model computes them): {@code [N,H,W,3]}.
     */
    public ImageBatch predict(ImageBatch input) {
        return predict(input, true);
    }

    /** As {@link #predict(ImageBatch)}; {@code movingStatistics} false normalizes with the batch's own moments. */
    ImageBatch predict(ImageBatch input, boolean movingStatistics) {
        return predict(input, null, movingStatistics);
    }

    /** As {@link #predict(ImageBatch)} with color hints {@code [N,H,W,4]} ({@code null}: none). */
    public ImageBatch predict(ImageBatch input, ImageBatch hintMap) {
        return predict(input, hintMap, true);
    }

    private ImageBatch predict(ImageBatch input, ImageBatch hintMap, boolean movingStatistics) {
        ColorizerModel.checkLineArt(input, options.model().sizeMultiple());
        checkHints(input, hintMap);
        try (TFloat32 x = ImageTensors.tensor(input); TFloat32 noDropout = TFloat32.scalarOf(0f);
             TFloat32 moving = TFloat32.scalarOf(movingStatistics ? 1f : 0f);
             TFloat32 h = hintMap == null ? null : ImageTensors.tensor(hintMap)) {
            Session.Runner runner = session.runner().feed(lineArt, x).fetch(model.output());
            if (h != null) {
                runner.feed(hints, h);
            }
            disableDropout(runner, noDropout);
            useMovingStatistics(runner, moving);
            try (Result result = runner.run()) {
                return ImageTensors.toBatch((TFloat32) result.get(0));
            }
        }
    }

    /** Each layer's current kernel values, by layer name, {@code [k,k,in,out]} flattened. */
    public Map<String, float[]> kernels() {
        Session.Runner runner = session.runner();
        for (UNetModel.Layer layer : model.layers()) {
            runner.fetch(layer.kernel());
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Result result = runner.run()) {
            for (int i = 0; i < model.layers().size(); i++) {
                out.put(model.layers().get(i).name(), ImageTensors.values((TFloat32) result.get(i)));
            }
        }
        return out;
    }

    /** Each layer's current bias values, by layer name (with batch normalization: its offset). */
    public Map<String, float[]> biases() {
        Session.Runner runner = session.runner();
        for (UNetModel.Layer layer : model.layers()) {
            runner.fetch(layer.bias());
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Result result = runner.run()) {
            for (int i = 0; i < model.layers().size(); i++) {
                out.put(model.layers().get(i).name(), ImageTensors.values((TFloat32) result.get(i)));
            }
        }
        return out;
    }

    /**
     * The named layers' pre-activations {@code [N,h,w,channels]} for a batch of line art, as the model validates
     * (dropout off, batch normalization's moving statistics): what the pictures of the network show. One run per
     * layer: fetched together, Grappler's remapper fuses conv + bias + activation around them and the run fails with
     * "Tensor unet/.../preactivation:0 ... was not found in the Graph" (TF 2.x under TF Java 1.1; seen without batch
     * normalization, whose ops sit between the conv and the bias).
     */
    public Map<String, ImageBatch> preActivations(ImageBatch input, List<String> layers) {
        ColorizerModel.checkLineArt(input, options.model().sizeMultiple());
        List<UNetModel.Layer> chosen = new ArrayList<>();
        for (String name : layers) {
            chosen.add(model.layers().get(variableIndex(name, "kernel") / 2));
        }
        try (TFloat32 x = ImageTensors.tensor(input); TFloat32 noDropout = TFloat32.scalarOf(0f);
             TFloat32 moving = TFloat32.scalarOf(1f)) {
            Map<String, ImageBatch> out = new LinkedHashMap<>();
            for (UNetModel.Layer layer : chosen) {
                Session.Runner runner = session.runner().feed(lineArt, x);
                disableDropout(runner, noDropout);
                useMovingStatistics(runner, moving);
                try (Result result = runner.fetch(layer.preActivation()).run()) {
                    out.put(layer.name(), ImageTensors.toBatch((TFloat32) result.get(0)));
                }
            }
            return out;
        }
    }

    /** Each layer's kernel gradient of the total loss on a batch (dropout off), by layer name; no update. */
    public Map<String, float[]> kernelGradients(ImageBatch input, ImageBatch color) {
        checkPair(input, color);
        try (TFloat32 x = ImageTensors.tensor(input); TFloat32 y = ImageTensors.tensor(color);
             TFloat32 noDropout = TFloat32.scalarOf(0f)) {
            Session.Runner runner = withoutDropout(session.runner().feed(lineArt, x).feed(target, y), noDropout);
            for (int i = 0; i < model.layers().size(); i++) {
                runner.fetch(gradientsByVariable.get(2 * i));
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            try (Result result = runner.run()) {
                for (int i = 0; i < model.layers().size(); i++) {
                    out.put(model.layers().get(i).name(), ImageTensors.values((TFloat32) result.get(i)));
                }
            }
            return out;
        }
    }

    /** The gradient of the total loss for one variable ({@code kind} = kernel or bias) on a batch; no update. */
    float[] gradient(String layer, String kind, ImageBatch input, ImageBatch color) {
        int index = variableIndex(layer, kind);
        try (TFloat32 x = ImageTensors.tensor(input); TFloat32 y = ImageTensors.tensor(color); TFloat32 noDropout = TFloat32.scalarOf(0f);
             Result r = withoutDropout(session.runner().feed(lineArt, x).feed(target, y), noDropout)
                     .fetch(gradientsByVariable.get(index)).run()) {
            return ImageTensors.values((TFloat32) r.get(0));
        }
    }

    /** A variable's current values. */
    float[] variable(String layer, String kind) {
        try (Result r = session.runner().fetch(model.variables().get(variableIndex(layer, kind))).run()) {
            return ImageTensors.values((TFloat32) r.get(0));
        }
    }

    /** Overwrites a variable (tests: finite differences); adds a small assign op to the graph each call. */
    void assign(String layer, String kind, float[] newValues) {
        Variable<TFloat32> v = model.variables().get(variableIndex(layer, kind));
        Ops tf = Ops.create(graph);
        Op assign = tf.assign(v, tf.constant(v.shape(), org.tensorflow.ndarray.buffer.DataBuffers.of(newValues, true, false)));
        session.runner().addTarget(assign).run();
    }

    /** A variable's moving average ({@code emaDecay} > 0 only). */
    float[] averaged(String layer, String kind) {
        requireAverages();
        try (Result r = session.runner().fetch(averages.get(variableIndex(layer, kind))).run()) {
            return ImageTensors.values((TFloat32) r.get(0));
        }
    }

    /** The names of every operation in the graph (tests: what a setting adds or leaves out). */
    List<String> operationNames() {
        List<String> names = new ArrayList<>();
        graph.operations().forEachRemaining(op -> names.add(op.name()));
        return names;
    }

    /** The current value of the float operation {@code name}'s first output (tests: any variable by its name). */
    float[] values(String name) {
        org.tensorflow.GraphOperation op = graph.operation(name);
        if (op == null) {
            throw new IllegalArgumentException("no operation " + name + " in the training graph");
        }
        try (Result r = session.runner().fetch(op.output(0)).run()) {
            return ImageTensors.values((TFloat32) r.get(0));
        }
    }

    /** Whether this graph keeps a moving average of its weights. */
    public boolean hasAveragedWeights() {
        return !averages.isEmpty();
    }

    /**
     * Runs {@code work} with the moving averages in place of the weights (to evaluate or export the averaged model)
     * and puts the weights back afterwards, whatever {@code work} did; the optimizer's state is untouched.
     */
    public <T> T withAveragedWeights(java.util.function.Supplier<T> work) {
        requireAverages();
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("inkflow-ema-swap");
            Path current = tmp.resolve("current");
            save(current);
            session.runner().addTarget(weightsFromAverages).run();
            try {
                return work.get();
            } finally {
                restore(current);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot swap in the averaged weights", e);
        } finally {
            ModelCache.deleteRecursively(tmp);
        }
    }

    private void requireAverages() {
        if (averages.isEmpty()) {
            throw new IllegalStateException("this graph keeps no moving average of its weights (emaDecay is 0)");
        }
    }

    private int variableIndex(String layer, String kind) {
        List<String> names = layerNames();
        int i = names.indexOf(layer);
        if (i < 0 || !(kind.equals("kernel") || kind.equals("bias"))) {
            throw new IllegalArgumentException("no variable " + layer + "/" + kind + "; layers are " + names);
        }
        return 2 * i + (kind.equals("kernel") ? 0 : 1);
    }

    private Session.Runner withoutDropout(Session.Runner runner, TFloat32 zero) {
        disableDropout(runner, zero);
        return runner;
    }

    /** Writes every variable (weights and Adam's moments) under {@code prefix} ({@code prefix.index}, {@code .data-*}). */
    public void save(Path prefix) {
        try {
            Files.createDirectories(prefix.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create checkpoint directory for " + prefix, e);
        }
        session.save(prefix.toAbsolutePath().toString());
    }

    /**
     * Loads the model's weights only (not the optimizer's state, not the averages' history) from a checkpoint or a
     * SavedModel's {@code variables/variables} prefix of the same architecture: the start of a transfer-learning run.
     * The moving averages, if any, restart at the loaded weights. A variable missing or shaped differently in the
     * source fails with TensorFlow's message naming it.
     */
    public void loadWeights(Path prefix) {
        if (!Files.exists(Path.of(prefix.toAbsolutePath() + ".index"))) {
            throw new IllegalArgumentException("no weights at " + prefix + " (missing " + prefix.getFileName() + ".index)");
        }
        // The weights, and batch normalization's statistics, which belong to them.
        List<Variable<TFloat32>> variables = new ArrayList<>(model.variables());
        variables.addAll(model.statistics());
        String[] names = variables.stream().map(v -> v.op().name()).toArray(String[]::new);
        String[] slices = new String[names.length];
        java.util.Arrays.fill(slices, "");
        Ops tf = Ops.create(graph).withSubScope("load_weights");
        List<Class<? extends org.tensorflow.types.family.TType>> types = new ArrayList<>();
        variables.forEach(v -> types.add(TFloat32.class));
        org.tensorflow.op.train.Restore read = tf.train.restore(tf.constant(prefix.toAbsolutePath().toString()),
                tf.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(names)),
                tf.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(slices)), types);
        List<Op> assigns = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            assigns.add(tf.assign(variables.get(i), read.tensors().get(i).expect(TFloat32.class)));
        }
        session.runner().addTarget(tf.withControlDependencies(assigns).noOp()).run();
        if (averagesFromWeights != null) {
            session.runner().addTarget(averagesFromWeights).run();
        }
    }

    /** Restores every variable from a checkpoint written by {@link #save} with the same architecture. */
    public void restore(Path prefix) {
        if (!Files.exists(Path.of(prefix.toAbsolutePath() + ".index"))) {
            throw new IllegalArgumentException("no checkpoint at " + prefix + " (missing " + prefix.getFileName()
                    + ".index)");
        }
        session.restore(prefix.toAbsolutePath().toString());
    }

    /**
     * Writes the inference-only SavedModel of the current weights to {@code savedModelDir} (which must not exist):
     * input {@code line_art}, output {@code rgb}, the input normalization inside.
     */
    public void exportSavedModel(Path savedModelDir) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("inkflow-export-ckpt");
            Path prefix = tmp.resolve("weights");
            save(prefix);
            SavedModelExporter.export(prefix, options.model(), options.normalization(), savedModelDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export the SavedModel to " + savedModelDir, e);
        } finally {
            ModelCache.deleteRecursively(tmp);
        }
    }

    /**
     * As {@link #exportSavedModel(Path)}, of the weights' moving average instead of the weights: one servable model,
     * no extra serving cost (Polyak averaging; "weight averaging" in the playbook).
     */
    public void exportAveragedSavedModel(Path savedModelDir) {
        withAveragedWeights(() -> {
            exportSavedModel(savedModelDir);
            return null;
        });
    }

    private void disableDropout(Session.Runner runner, TFloat32 zero) {
        if (dropoutRate != null) {
            runner.feed(dropoutRate, zero);
        }
    }

    private void useMovingStatistics(Session.Runner runner, TFloat32 choice) {
        if (model.useMovingStatistics() != null) {
            runner.feed(model.useMovingStatistics(), choice);
        }
    }

    /** Batch normalization's moving mean and variance, by variable name ({@code unet/enc0_conv1/moving_mean}). */
    Map<String, float[]> statistics() {
        Map<String, float[]> out = new LinkedHashMap<>();
        Session.Runner runner = session.runner();
        model.statistics().forEach(runner::fetch);
        try (Result result = runner.run()) {
            for (int i = 0; i < model.statistics().size(); i++) {
                out.put(model.statistics().get(i).op().name(), ImageTensors.values((TFloat32) result.get(i)));
            }
        }
        return out;
    }

    private void checkPair(ImageBatch input, ImageBatch color) {
        ColorizerModel.checkLineArt(input, options.model().sizeMultiple());
        if (color.channels() != 3) {
            throw new IllegalArgumentException("the color target must have 3 channels (RGB); got " + color.channels());
        }
        if (color.n() != input.n() || color.height() != input.height() || color.width() != input.width()) {
            throw new IllegalArgumentException("line art " + input + " and color target " + color
                    + " must have the same N, H and W");
        }
    }

    /** Whether this graph's model takes color hints. */
    public boolean takesHints() {
        return hints != null;
    }

    private void checkHints(ImageBatch input, ImageBatch hintMap) {
        if (hintMap != null) {
            if (hints == null) {
                throw new IllegalArgumentException("this model takes no color hints (built without 'hints')");
            }
            org.inkflow.model.serving.HintMaps.check(input, hintMap);
        }
    }

    private static float scalar(Tensor t) {
        return ((TFloat32) t).getFloat();
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
