package org.inkflow.model.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds the colorization U-Net into a TensorFlow graph: {@code [N,H,W,1]} normalized line art in (with
 * {@link UNetConfig#hints()}: {@code [N,H,W,5]}, the line art and the color hints, see
 * {@link SavedModelExporter#modelInput}),
 * {@code [N,H,W,3]} RGB in [0,1] out (a sigmoid stretched to [-0.05, 1.05], then clipped). Encoder levels of two 3x3 Conv2D + bias + LeakyReLU, halving by a
 * strided conv or max-pool; a bottleneck (with optional dropout); decoder levels that double by a transposed conv
 * or nearest resize + conv, concatenate the encoder's skip and apply two convs; a 1x1 conv to RGB.
 *
 * <p>With {@link UNetConfig#batchNorm()} every convolution but the output's is followed by batch normalization
 * without a learned scale (the next convolution scales; the layer's {@code bias} is the normalization's offset):
 * {@code (y - mean) / sqrt(var + 1e-3) + bias}. Training normalizes with the batch's moments over N, H and W and moves
 * {@code moving_mean} / {@code moving_variance} towards them ({@link #statisticsUpdates()}, momentum
 * {@value #BATCH_NORM_MOMENTUM}); the {@link #useMovingStatistics()} placeholder (fed 1 for validation) and the
 * inference graph use the moving statistics only, so an exported model holds no moments and no update ops. A frozen
 * layer normalizes with its moving statistics and never updates them (Keras' behaviour for a frozen layer).
 *
 * <p>Every variable has a stable name ({@code unet/enc0_conv1/kernel}, ...) because checkpoints and the exported
 * model restore by name. Only ops with registered C++ gradients are used (Conv2D, Conv2DBackpropInput, MaxPool,
 * ResizeNearestNeighbor, ConcatV2, LeakyRelu, Sigmoid, BiasAdd, Mul).
 */
public final class UNetModel {

    /** Where the initial weight values come from. */
    public enum Init {
        /** He-normal kernels from a seeded Java generator (bit-identical for the same seed), zero biases. */
        SEEDED,
        /** Zeros: for a graph whose values are restored from a checkpoint right after. */
        ZEROS
    }

    /** A convolution layer: its name (the Prometheus {@code layer} label), variables and pre-activation output. */
    public record Layer(String name, Variable<TFloat32> kernel, Variable<TFloat32> bias,
                        Operand<TFloat32> preActivation) {
    }

    public static final String SCOPE = "unet";
    /** How far the output sigmoid reaches beyond [0,1] before the serving output is clipped. */
    public static final float STRETCH = 0.05f;
    /** How much of the old moving statistics a training step keeps (PyTorch's default; short CPU runs need a fast one). */
    public static final float BATCH_NORM_MOMENTUM = 0.9f;
    static final float BATCH_NORM_EPSILON = 1e-3f;

    private final Ops tf;
    private final UNetConfig config;
    private final Init init;
    private final SplittableRandom random;
    private final List<Layer> layers = new ArrayList<>();
    private final Operand<TFloat32> output;
    private Operand<TFloat32> stretched;
    private Operand<TInt64> dropoutSeed;
    private Operand<TFloat32> dropoutRate;
    private final boolean training;
    private final java.util.function.Predicate<String> frozen;
    private Operand<TFloat32> useMovingStatistics;
    private final List<Variable<TFloat32>> statistics = new ArrayList<>();
    private final List<org.tensorflow.op.Op> statisticsUpdates = new ArrayList<>();

    private final float[] outputBias;

    private UNetModel(Ops tf, Operand<TFloat32> normalizedInput, UNetConfig config, long seed, Init init,
                      boolean training, float[] meanColor, java.util.function.Predicate<String> frozen) {
        this.tf = tf;
        this.training = training;
        this.frozen = frozen;
        this.config = config;
        this.init = init;
        this.outputBias = meanColor == null ? null : outputBiasFor(meanColor);
        this.random = new SplittableRandom(seed);
        this.output = build(normalizedInput, training);
    }

    /**
     * Adds the U-Net for inference (no dropout) on {@code normalizedInput} {@code [N,H,W,1]}.
     */
    public static UNetModel inference(Ops tf, Operand<TFloat32> normalizedInput, UNetConfig config, long seed, Init init) {
        return new UNetModel(tf, normalizedInput, config, seed, init, false, null, layer -> true);
    }

    /**
     * Adds the U-Net for training: when the config asks for dropout, the mask comes from a stateless generator
     * keyed by the {@link #dropoutSeed()} placeholder {@code [2]} (e.g. {@code (seed, step)}), so a resumed run draws
     * the same masks as an uninterrupted one.
     */
    public static UNetModel training(Ops tf, Operand<TFloat32> normalizedInput, UNetConfig config, long seed, Init init) {
        return new UNetModel(tf, normalizedInput, config, seed, init, true, null, layer -> false);
    }

    /**
     * As {@link #training(Ops, Operand, UNetConfig, long, Init)}, with the output bias set so the first prediction is
     * the training split's mean color {@code [r,g,b]} ("init well"): the model does not spend its first steps (and
     * its Adam momentum) moving every pixel towards the average, which overshoots into the sigmoid's flat end.
     */
    public static UNetModel training(Ops tf, Operand<TFloat32> normalizedInput, UNetConfig config, long seed, Init init,
                                     float[] meanColor) {
        return new UNetModel(tf, normalizedInput, config, seed, init, true, meanColor, layer -> false);
    }

    /**
     * As {@link #training(Ops, Operand, UNetConfig, long, Init, float[])}; the layers {@code frozen} accepts keep
     * their batch-normalization statistics as loaded (normalized with them, never updated).
     */
    public static UNetModel training(Ops tf, Operand<TFloat32> normalizedInput, UNetConfig config, long seed, Init init,
                                     float[] meanColor, java.util.function.Predicate<String> frozen) {
        return new UNetModel(tf, normalizedInput, config, seed, init, true, meanColor, frozen);
    }

    private static float[] outputBiasFor(float[] meanColor) {
        if (meanColor.length != 3) {
            throw new IllegalArgumentException("mean color needs 3 values (r,g,b); got " + meanColor.length);
        }
        float[] bias = new float[3];
        for (int c = 0; c < 3; c++) {
            // Invert the stretched sigmoid: y = (1 + 2s) * sigmoid(z) - s.
            double p = (Math.min(1.0, Math.max(0.0, meanColor[c])) + STRETCH) / (1 + 2 * STRETCH);
            p = Math.min(0.999, Math.max(0.001, p));
            bias[c] = (float) Math.log(p / (1 - p));
        }
        return bias;
    }

    /** {@code [N,H,W,3]} RGB in [0,1]: what the model serves. */
    public Operand<TFloat32> output() {
        return output;
    }

    /**
     * {@code [N,H,W,3]} before clipping, in [-0.05, 1.05]: what the loss sees, so pixels beyond [0,1] still get a
     * gradient back.
     */
    public Operand<TFloat32> trainingOutput() {
        return stretched;
    }

    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** Every trainable variable, kernels and biases, in a stable order. */
    public List<Variable<TFloat32>> variables() {
        List<Variable<TFloat32>> out = new ArrayList<>();
        for (Layer layer : layers) {
            out.add(layer.kernel());
            out.add(layer.bias());
        }
        return out;
    }

    /**
     * The placeholder {@code [2]} int64 keying dropout masks (default {@code [0,0]}), or {@code null} when the graph
     * has no dropout.
     */
    public Operand<TInt64> dropoutSeed() {
        return dropoutSeed;
    }

    /** The scalar dropout-rate placeholder (default: the config's rate; feed 0 to validate), or {@code null}. */
    public Operand<TFloat32> dropoutRate() {
        return dropoutRate;
    }

    /**
     * The batch-normalization statistics, {@code moving_mean} and {@code moving_variance} per normalized layer in graph
     * order; empty without {@link UNetConfig#batchNorm()}. Not trained by the optimizer; saved with the checkpoints.
     */
    public List<Variable<TFloat32>> statistics() {
        return Collections.unmodifiableList(statistics);
    }

    /** The ops moving the statistics towards this batch's moments: run with each training step. Empty when none. */
    public List<org.tensorflow.op.Op> statisticsUpdates() {
        return Collections.unmodifiableList(statisticsUpdates);
    }

    /**
     * The scalar placeholder choosing the statistics a training graph normalizes with: 0 (default) the batch's, 1 the
     * moving ones (feed 1 to validate or predict); {@code null} without batch normalization or in an inference graph.
     */
    public Operand<TFloat32> useMovingStatistics() {
        return useMovingStatistics;
    }

    /** The convolution layers' names for a config, in graph order (no graph needed; what {@link #layers()} names). */
    public static List<String> layerNames(UNetConfig config) {
        List<String> names = new ArrayList<>();
        for (int level = 0; level < config.depth(); level++) {
            names.add("enc" + level + "_conv1");
            names.add("enc" + level + "_conv2");
            if (config.downsampling() == UNetConfig.Downsampling.STRIDED_CONV) {
                names.add("enc" + level + "_down");
            }
        }
        names.add("mid_conv1");
        names.add("mid_conv2");
        for (int level = config.depth() - 1; level >= 0; level--) {
            names.add("dec" + level + "_up");
            names.add("dec" + level + "_conv1");
            names.add("dec" + level + "_conv2");
        }
        names.add("out");
        return names;
    }

    /** The number of trainable scalars for a config (no graph needed). */
    public static long parameterCount(UNetConfig config) {
        long total = 0;
        int in = config.inputChannels();
        int w = config.width();
        for (int level = 0; level < config.depth(); level++) {
            int f = w << level;
            total += conv(3, in, f) + conv(3, f, f);
            if (config.downsampling() == UNetConfig.Downsampling.STRIDED_CONV) {
                total += conv(3, f, f);
            }
            in = f;
        }
        int bottom = w << config.depth();
        total += conv(3, in, bottom) + conv(3, bottom, bottom);
        in = bottom;
        for (int level = config.depth() - 1; level >= 0; level--) {
            int f = w << level;
            total += config.upsampling() == UNetConfig.Upsampling.TRANSPOSED_CONV ? conv(2, in, f) : conv(3, in, f);
            total += conv(3, 2 * f, f) + conv(3, f, f);
            in = f;
        }
        total += conv(1, in, 3);
        return total;
    }

    private static long conv(int k, int in, int out) {
        return (long) k * k * in * out + out;
    }

    private Operand<TFloat32> build(Operand<TFloat32> x, boolean training) {
        Ops net = tf.withSubScope(SCOPE);
        List<Operand<TFloat32>> skips = new ArrayList<>();
        // [N, H, W, 1], or [N, H, W, 5] with the hints concatenated (SavedModelExporter.modelInput)
        int in = config.inputChannels();
        int w = config.width();
        for (int level = 0; level < config.depth(); level++) {
            int f = w << level;
            // [N, H/2^level, W/2^level, f]
            x = activate(conv2d(net, "enc" + level + "_conv1", x, 3, in, f, 1));
            x = activate(conv2d(net, "enc" + level + "_conv2", x, 3, f, f, 1));
            skips.add(x);
            if (config.downsampling() == UNetConfig.Downsampling.STRIDED_CONV) {
                x = activate(conv2d(net, "enc" + level + "_down", x, 3, f, f, 2));
            } else {
                x = net.withName("enc" + level + "_pool").nn.maxPool(x, net.constant(new int[] {1, 2, 2, 1}),
                        net.constant(new int[] {1, 2, 2, 1}), "SAME");
            }
            in = f;
        }
        int bottom = w << config.depth();
        // [N, H/2^depth, W/2^depth, bottom]
        x = activate(conv2d(net, "mid_conv1", x, 3, in, bottom, 1));
        x = activate(conv2d(net, "mid_conv2", x, 3, bottom, bottom, 1));
        if (training && config.dropout() > 0f) {
            x = dropout(net, x, config.dropout());
        }
        in = bottom;
        for (int level = config.depth() - 1; level >= 0; level--) {
            int f = w << level;
            Operand<TFloat32> skip = skips.get(level);
            if (config.upsampling() == UNetConfig.Upsampling.TRANSPOSED_CONV) {
                x = activate(transposedConv(net, "dec" + level + "_up", x, skip, in, f));
            } else {
                // Nearest resize to the skip's H,W, then a 3x3 conv: no checkerboard artifacts.
                Operand<TInt32> size = net.stridedSlice(net.shape(skip), net.constant(new int[] {1}),
                        net.constant(new int[] {3}), net.constant(new int[] {1}));
                Operand<TFloat32> up = net.withName("dec" + level + "_resize").image.resizeNearestNeighbor(x, size);
                x = activate(conv2d(net, "dec" + level + "_up", up, 3, in, f, 1));
            }
            // [N, H/2^level, W/2^level, 2f]: decoder features beside the encoder's
            x = net.withName("dec" + level + "_concat").concat(List.of(x, skip), net.constant(3));
            x = activate(conv2d(net, "dec" + level + "_conv1", x, 3, 2 * f, f, 1));
            x = activate(conv2d(net, "dec" + level + "_conv2", x, 3, f, f, 1));
            in = f;
        }
        // A small output kernel: the first predictions sit near 0.5, far from the sigmoid's flat ends.
        Operand<TFloat32> logits = conv2d(net, "out", x, 1, in, 3, 1, (float) (0.1 / Math.sqrt(in)));
        // A sigmoid stretched to [-0.05, 1.05]: paper white (1.0) and black ink (0.0), which most target pixels are,
        // are reached at finite logits. A plain sigmoid only approaches them, so an L1 loss keeps pushing the logits
        // of white pixels up until everything saturates at 1.0 and the colored pixels' gradients vanish.
        Ops out = net.withSubScope("rgb");
        stretched = out.withName("stretched").math.sub(
                out.math.mul(out.math.sigmoid(logits), out.constant(1f + 2 * STRETCH)), out.constant(STRETCH));
        // [N, H, W, 3] RGB in [0,1]
        return out.withName("clipped").math.minimum(out.math.maximum(stretched, out.constant(0f)), out.constant(1f));
    }

    private Operand<TFloat32> activate(Operand<TFloat32> preActivation) {
        return tf.nn.leakyRelu(preActivation, LeakyRelu.alpha(config.leakyReluAlpha()));
    }

    private Operand<TFloat32> conv2d(Ops net, String name, Operand<TFloat32> x, int k, int in, int out, int stride) {
        return conv2d(net, name, x, k, in, out, stride, heNormal(k * k * in));
    }

    private Operand<TFloat32> conv2d(Ops net, String name, Operand<TFloat32> x, int k, int in, int out, int stride,
                                     Float std) {
        Ops layer = net.withSubScope(name);
        Variable<TFloat32> kernel = variable(layer, "kernel", Shape.of(k, k, in, out), std);
        Variable<TFloat32> bias = "out".equals(name) && outputBias != null && init == Init.SEEDED
                ? constantVariable(layer, "bias", Shape.of(out), outputBias)
                : variable(layer, "bias", Shape.of(out), null);
        Operand<TFloat32> y = layer.nn.conv2d(x, kernel, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
        if (config.batchNorm() && !"out".equals(name)) {
            y = batchNorm(layer, name, y, out);
        }
        Operand<TFloat32> pre = layer.withName("preactivation").nn.biasAdd(y, bias);
        layers.add(new Layer(name, kernel, bias, pre));
        return pre;
    }

    private Operand<TFloat32> transposedConv(Ops net, String name, Operand<TFloat32> x, Operand<TFloat32> skip,
                                             int in, int out) {
        Ops layer = net.withSubScope(name);
        // Conv2DBackpropInput's filter is [kh, kw, out_channels, in_channels]: the forward conv it transposes.
        Variable<TFloat32> kernel = variable(layer, "kernel", Shape.of(2, 2, out, in), heNormal(in));
        Variable<TFloat32> bias = variable(layer, "bias", Shape.of(out), null);
        // [N, 2h, 2w, out]: the skip's N,H,W (so odd sizes never drift) and this layer's channels
        Operand<TInt32> skipShape = layer.shape(skip);
        Operand<TInt32> outputShape = layer.math.add(layer.math.mul(skipShape, layer.constant(new int[] {1, 1, 1, 0})),
                layer.constant(new int[] {0, 0, 0, out}));
        Operand<TFloat32> y = layer.nn.conv2dBackpropInput(outputShape, kernel, x, List.of(1L, 2L, 2L, 1L), "SAME");
        if (config.batchNorm()) {
            y = batchNorm(layer, name, y, out);
        }
        Operand<TFloat32> pre = layer.withName("preactivation").nn.biasAdd(y, bias);
        layers.add(new Layer(name, kernel, bias, pre));
        return pre;
    }

    /**
     * {@code (y - mean) / sqrt(var + eps)} per channel of {@code y} {@code [N,h,w,channels]}: with the batch's moments
     * (or the moving ones when {@link #useMovingStatistics()} is fed 1) in a training graph, with the moving ones only
     * in an inference graph and for a frozen layer.
     */
    private Operand<TFloat32> batchNorm(Ops layer, String name, Operand<TFloat32> y, int channels) {
        Ops bn = layer.withSubScope("batchnorm");
        Ops init = layer.withInitScope();
        Variable<TFloat32> movingMean = layer.withName("moving_mean").variable(
                init.withName("moving_mean_zeros").zeros(init.constant(new long[] {channels}), TFloat32.class));
        Variable<TFloat32> movingVariance = layer.withName("moving_variance").variable(
                init.withName("moving_variance_ones").fill(init.constant(new long[] {channels}), init.constant(1f)));
        statistics.add(movingMean);
        statistics.add(movingVariance);
        Operand<TFloat32> mean = movingMean;
        Operand<TFloat32> variance = movingVariance;
        if (training && !frozen.test(name)) {
            Operand<TInt32> axes = bn.constant(new int[] {0, 1, 2});
            // [channels]: this batch's moments over N, H and W
            Operand<TFloat32> batchMean = bn.withName("mean").math.mean(y, axes);
            Operand<TFloat32> batchVariance = bn.withName("variance").math.mean(
                    bn.math.squaredDifference(y, batchMean), axes);
            Operand<TFloat32> rate = bn.constant(1f - BATCH_NORM_MOMENTUM);
            statisticsUpdates.add(bn.withName("update_mean").assignSub(movingMean,
                    bn.math.mul(rate, bn.math.sub(movingMean, batchMean))));
            statisticsUpdates.add(bn.withName("update_variance").assignSub(movingVariance,
                    bn.math.mul(rate, bn.math.sub(movingVariance, batchVariance))));
            Operand<TFloat32> moving = movingStatisticsSwitch();
            // batch + u * (moving - batch): u = 0 trains on the batch's moments, u = 1 validates on the moving ones
            mean = bn.math.add(batchMean, bn.math.mul(moving, bn.math.sub(movingMean, batchMean)));
            variance = bn.math.add(batchVariance, bn.math.mul(moving, bn.math.sub(movingVariance, batchVariance)));
        }
        return bn.withName("normalized").math.mul(bn.math.sub(y, mean),
                bn.math.rsqrt(bn.math.add(variance, bn.constant(BATCH_NORM_EPSILON))));
    }

    private Operand<TFloat32> movingStatisticsSwitch() {
        if (useMovingStatistics == null) {
            Ops s = tf.withSubScope(SCOPE).withSubScope("batchnorm");
            useMovingStatistics = s.withName("use_moving").placeholderWithDefault(s.constant(0f), Shape.scalar());
        }
        return useMovingStatistics;
    }

    private Operand<TFloat32> dropout(Ops net, Operand<TFloat32> x, float rate) {
        Ops d = net.withSubScope("dropout");
        dropoutSeed = d.withName("seed").placeholderWithDefault(d.constant(new long[] {0L, 0L}), Shape.of(2));
        dropoutRate = d.withName("rate").placeholderWithDefault(d.constant(rate), Shape.scalar());
        Operand<TFloat32> keep = d.math.sub(d.constant(1f), dropoutRate);
        // [N,h,w,C] uniform in [0,1): floor(keep + u) is 1 with probability keep; rate 0 keeps everything
        Operand<TFloat32> u = d.random.statelessRandomUniform(d.shape(x), dropoutSeed, TFloat32.class);
        Operand<TFloat32> mask = d.math.floor(d.math.add(u, keep));
        return d.withName("apply").math.mul(x, d.math.div(mask, keep));
    }

    private Variable<TFloat32> variable(Ops layer, String name, Shape shape, Float std) {
        int size = (int) shape.size();
        float[] values = new float[size];
        if (init == Init.SEEDED && std != null) {
            for (int i = 0; i < size; i++) {
                values[i] = (float) (gaussian() * std);
            }
        }
        // Initial values are made in the init scope: session.initialize() runs them once, restore replaces them.
        Ops initScope = layer.withInitScope();
        Operand<TFloat32> initial = init == Init.ZEROS || std == null
                ? initScope.withName(name + "_zeros").zeros(initScope.constant(shape.asArray()), TFloat32.class)
                : initScope.withName(name + "_initial").constant(shape, DataBuffers.of(values, true, false));
        return layer.withName(name).variable(initial);
    }

    private static Variable<TFloat32> constantVariable(Ops layer, String name, Shape shape, float[] values) {
        Ops initScope = layer.withInitScope();
        return layer.withName(name).variable(initScope.withName(name + "_initial")
                .constant(shape, DataBuffers.of(values, true, false)));
    }

    private Float heNormal(int fanIn) {
        // He initialization for LeakyReLU: keeps activation variance steady through the layers.
        return (float) Math.sqrt(2.0 / ((1 + config.leakyReluAlpha() * config.leakyReluAlpha()) * fanIn));
    }

    private double gaussian() {
        // Box-Muller on the seeded generator: reproducible across JVMs, unlike ThreadLocalRandom.
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
