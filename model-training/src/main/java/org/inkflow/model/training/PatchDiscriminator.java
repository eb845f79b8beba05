package org.inkflow.model.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/**
 * The adversarial term of a training graph (pix2pix's conditional PatchGAN): a small discriminator that sees the line
 * art beside a colour image and scores every ~22x22 patch as real (the target) or generated (the U-Net's output).
 * Three 4x4 convolutions (stride 2, 2, 1; {@value #WIDTH} and {@code 2*}{@value #WIDTH} filters, LeakyReLU) give a
 * {@code [N,H/4,W/4,1]} patch map. The objective is least-squares (LSGAN, as CycleGAN uses): steadier than the cross
 * entropy of the original on short CPU runs, and built only from ops with registered gradients. Its variables live
 * under {@value #SCOPE} with their own Adam slots; the U-Net's export never reads them, so a served model has no
 * discriminator in it.
 */
final class PatchDiscriminator {

    static final String SCOPE = "discriminator";
    static final int WIDTH = 32;
    private static final int KERNEL = 4;
    private static final float ALPHA = 0.2f;

    private final List<Variable<TFloat32>> variables = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Operand<TFloat32> generatorLoss;
    private final Operand<TFloat32> discriminatorLoss;

    /**
     * Adds the discriminator on {@code lineArt} {@code [N,H,W,1]} in [0,1] with {@code target} and {@code generated}
     * {@code [N,H,W,3]} (the latter the U-Net's training output, through which the generator's term back-propagates).
     */
    PatchDiscriminator(Ops tf, Operand<TFloat32> lineArt, Operand<TFloat32> target, Operand<TFloat32> generated,
                       long seed) {
        Ops d = tf.withSubScope(SCOPE);
        SplittableRandom random = new SplittableRandom(seed ^ 0x9A7C4D15L);
        int[][] layers = {{1 + 3, WIDTH, 2}, {WIDTH, 2 * WIDTH, 2}, {2 * WIDTH, 1, 1}};
        for (int i = 0; i < layers.length; i++) {
            Ops layer = d.withSubScope("conv" + i);
            int in = layers[i][0];
            int out = layers[i][1];
            float std = (float) Math.sqrt(2.0 / ((1 + ALPHA * ALPHA) * KERNEL * KERNEL * in));
            float[] values = new float[KERNEL * KERNEL * in * out];
            for (int k = 0; k < values.length; k++) {
                values[k] = (float) (gaussian(random) * std);
            }
            Ops init = layer.withInitScope();
            variables.add(layer.withName("kernel").variable(init.withName("kernel_initial")
                    .constant(Shape.of(KERNEL, KERNEL, in, out), DataBuffers.of(values, true, false))));
            variables.add(layer.withName("bias").variable(init.withName("bias_zeros")
                    .zeros(init.constant(new long[] {out}), TFloat32.class)));
            names.add("conv" + i);
        }
        Operand<TFloat32> real = patches(d.withSubScope("real"), lineArt, target, layers);
        Operand<TFloat32> fake = patches(d.withSubScope("generated"), lineArt, generated, layers);
        Ops loss = d.withSubScope("loss");
        Operand<TFloat32> one = loss.constant(1f);
        // LSGAN: the discriminator pulls real patches to 1 and generated ones to 0; the generator pulls its own to 1.
        discriminatorLoss = loss.withName("discriminator").math.mul(loss.constant(0.5f), loss.math.add(
                meanSquare(loss, loss.math.sub(real, one)), meanSquare(loss, fake)));
        generatorLoss = loss.withName("generator").identity(meanSquare(loss, loss.math.sub(fake, one)));
    }

    /** The generator's adversarial loss (scalar): what the U-Net adds, weighted, to its L1 loss. */
    Operand<TFloat32> generatorLoss() {
        return generatorLoss;
    }

    /** The discriminator's loss (scalar). */
    Operand<TFloat32> discriminatorLoss() {
        return discriminatorLoss;
    }

    /** Kernels and biases, in layer order. */
    List<Variable<TFloat32>> variables() {
        return List.copyOf(variables);
    }

    /**
     * Adam updates of the discriminator on its own loss, gradients clipped by their global norm at {@code clipNorm}
     * (0: not clipped), at the fed learning rate and bias-correction powers the U-Net's Adam uses. Each update waits
     * for {@code after} (the U-Net's updates), so the generator's gradient reads the discriminator before it moves.
     */
    List<Op> updates(Graph graph, Ops tf, TrainingGraph.Options options, Operand<TFloat32> learningRate,
                     Operand<TFloat32> beta1Power, Operand<TFloat32> beta2Power, List<Op> after) {
        Output<?>[] xs = variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
        Output<?>[] grads = graph.addGradients(discriminatorLoss.asOutput(), xs);
        Ops adam = tf.withSubScope(SCOPE + "_adam");
        List<Operand<TFloat32>> squares = new ArrayList<>();
        for (Output<?> g : grads) {
            Operand<TFloat32> grad = g.expect(TFloat32.class);
            squares.add(adam.reduceSum(adam.math.square(grad), adam.range(adam.constant(0), adam.rank(grad),
                    adam.constant(1))));
        }
        Operand<TFloat32> scale = adam.constant(1f);
        if (options.clipNorm() > 0f) {
            Operand<TFloat32> clip = adam.constant(options.clipNorm());
            scale = adam.math.div(clip, adam.math.maximum(adam.math.sqrt(adam.math.addN(squares)), clip));
        }
        Ops ordered = adam.withControlDependencies(after);
        List<Op> updates = new ArrayList<>();
        Ops slot = null;
        for (int i = 0; i < variables.size(); i++) {
            Variable<TFloat32> v = variables.get(i);
            // Slots named after their variable (discriminator_adam/conv0/kernel_m): checkpoints restore by name.
            slot = i % 2 == 0 ? adam.withSubScope(names.get(i / 2)) : slot;
            String base = i % 2 == 0 ? "kernel" : "bias";
            Ops init = slot.withInitScope();
            Variable<TFloat32> m = slot.withName(base + "_m").variable(
                    init.withName(base + "_m_zeros").zeros(init.constant(v.shape().asArray()), TFloat32.class));
            Variable<TFloat32> s = slot.withName(base + "_v").variable(
                    init.withName(base + "_v_zeros").zeros(init.constant(v.shape().asArray()), TFloat32.class));
            updates.add(ordered.train.applyAdam(v, m, s, beta1Power, beta2Power, learningRate,
                    ordered.constant(options.beta1()), ordered.constant(options.beta2()),
                    ordered.constant(options.epsilon()), ordered.math.mul(grads[i].expect(TFloat32.class), scale)));
        }
        return updates;
    }

    /** {@code [N,H/4,W/4,1]} patch scores of {@code image} {@code [N,H,W,3]} beside {@code lineArt}. */
    private Operand<TFloat32> patches(Ops tf, Operand<TFloat32> lineArt, Operand<TFloat32> image, int[][] layers) {
        Operand<TFloat32> two = tf.constant(2f);
        Operand<TFloat32> one = tf.constant(1f);
        // [N, H, W, 4] in [-1, 1]: the condition (line art) beside the image, as pix2pix's discriminator sees them
        Operand<TFloat32> x = tf.concat(List.of(tf.math.sub(tf.math.mul(lineArt, two), one),
                tf.math.sub(tf.math.mul(image, two), one)), tf.constant(3));
        for (int i = 0; i < layers.length; i++) {
            long stride = layers[i][2];
            x = tf.nn.biasAdd(tf.nn.conv2d(x, variables.get(2 * i), List.of(1L, stride, stride, 1L), "SAME"),
                    variables.get(2 * i + 1));
            if (i < layers.length - 1) {
                x = tf.nn.leakyRelu(x, LeakyRelu.alpha(ALPHA));
            }
        }
        return x;
    }

    private static Operand<TFloat32> meanSquare(Ops tf, Operand<TFloat32> x) {
        return tf.math.mean(tf.math.square(x), tf.constant(new int[] {0, 1, 2, 3}));
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
