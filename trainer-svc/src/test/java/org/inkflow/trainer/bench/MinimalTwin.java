package org.inkflow.trainer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.serving.ImageTensors;
import org.inkflow.model.training.UNetConfig;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/**
 * The reference for the trainer's throughput: the smallest TensorFlow Java training loop of the service's U-Net
 * shape (width, depth, down- and upsampling of the {@link UNetConfig}: conv + bias + LeakyReLU, strided conv or
 * max-pool down, transposed conv up, skip concat, sigmoid, L1), the framework's {@code Adam} optimizer with a fixed
 * learning rate, one {@code session.run} per step fetching the loss only, the batches' tensors made once and fed
 * again each step. Nothing of the project's training graph is used, so the ratio to it is what the project's
 * graph and loop cost. {@code copies} feeds a fresh copy of each batch per step instead (what the service does).
 */
final class MinimalTwin implements AutoCloseable {

    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> lineArt;
    private final Placeholder<TFloat32> target;
    private final Operand<TFloat32> loss;
    private final Op train;
    private final SplittableRandom random = new SplittableRandom(7);

    private final boolean identity;

    /**
     * {@code identityBeforeActivation}: an Identity between each bias add and its LeakyReLU (the experiment on
     * Grappler's remapper failure, see bench/README.md).
     */
    MinimalTwin(UNetConfig config, float learningRate, boolean identityBeforeActivation) {
        this.identity = identityBeforeActivation;
        Ops tf = Ops.create(graph);
        lineArt = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
        target = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
        float alpha = config.leakyReluAlpha();
        Operand<TFloat32> x = lineArt;
        List<Operand<TFloat32>> skips = new ArrayList<>();
        int in = 1;
        for (int level = 0; level < config.depth(); level++) {
            int f = config.width() << level;
            x = leaky(tf, conv(tf, x, 3, in, f, 1), alpha);
            x = leaky(tf, conv(tf, x, 3, f, f, 1), alpha);
            skips.add(x);
            x = config.downsampling() == UNetConfig.Downsampling.MAX_POOL
                    ? tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME")
                    : leaky(tf, conv(tf, x, 3, f, f, 2), alpha);
            in = f;
        }
        int bottom = config.width() << config.depth();
        x = leaky(tf, conv(tf, x, 3, in, bottom, 1), alpha);
        x = leaky(tf, conv(tf, x, 3, bottom, bottom, 1), alpha);
        in = bottom;
        for (int level = config.depth() - 1; level >= 0; level--) {
            int f = config.width() << level;
            Operand<TFloat32> skip = skips.get(level);
            Variable<TFloat32> k = weight(tf, Shape.of(2, 2, f, in), in);
            Operand<org.tensorflow.types.TInt32> shape = tf.concat(List.of(tf.slice(tf.shape(skip),
                    tf.constant(new int[] {0}), tf.constant(new int[] {3})), tf.constant(new int[] {f})), tf.constant(0));
            x = leaky(tf, tf.nn.biasAdd(tf.nn.conv2dBackpropInput(shape, k, x, List.of(1L, 2L, 2L, 1L), "SAME"),
                    bias(tf, f)), alpha);
            x = tf.concat(List.of(x, skip), tf.constant(3));
            x = leaky(tf, conv(tf, x, 3, 2 * f, f, 1), alpha);
            x = leaky(tf, conv(tf, x, 3, f, f, 1), alpha);
            in = f;
        }
        Operand<TFloat32> rgb = tf.math.sigmoid(conv(tf, x, 1, in, 3, 1));
        loss = tf.math.mean(tf.math.abs(tf.math.sub(rgb, target)), tf.constant(new int[] {0, 1, 2, 3}));
        train = new Adam(graph, learningRate).minimize(loss);
        session = new Session(graph);
        session.initialize();
    }

    private Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x, int k, int in, int out, int stride) {
        return tf.nn.biasAdd(tf.nn.conv2d(x, weight(tf, Shape.of(k, k, in, out), k * k * in),
                List.of(1L, (long) stride, (long) stride, 1L), "SAME"), bias(tf, out));
    }

    private Operand<TFloat32> leaky(Ops tf, Operand<TFloat32> x, float alpha) {
        return tf.nn.leakyRelu(identity ? tf.identity(x) : x, LeakyRelu.alpha(alpha));
    }

    private Variable<TFloat32> weight(Ops tf, Shape shape, int fanIn) {
        float[] values = new float[(int) shape.size()];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (std * Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                    * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return tf.variable(tf.withInitScope().constant(shape, DataBuffers.of(values, true, false)));
    }

    private static Variable<TFloat32> bias(Ops tf, int n) {
        return tf.variable(tf.withInitScope().constant(Shape.of(n), DataBuffers.of(new float[n], true, false)));
    }

    /**
     * Trains {@code steps} steps cycling over {@code batches} ({line art, color}); answers {samples/s of wall time,
     * samples/s of the process's CPU time spread over the cores} ({@link TrainerBench#clock()}).
     */
    double[] samplesPerSecond(List<ImageBatch[]> batches, int warmup, int steps, boolean copies) {
        List<TFloat32[]> tensors = new ArrayList<>();
        if (!copies) {
            for (ImageBatch[] b : batches) {
                tensors.add(new TFloat32[] {ImageTensors.tensor(b[0]), ImageTensors.tensor(b[1])});
            }
        }
        try {
            long[] start = null;
            for (int s = 0; s < warmup + steps; s++) {
                if (s == warmup) {
                    start = TrainerBench.clock();
                }
                ImageBatch[] b = batches.get(s % batches.size());
                if (copies) {
                    try (TFloat32 x = ImageTensors.tensor(b[0]); TFloat32 y = ImageTensors.tensor(b[1])) {
                        run(x, y);
                    }
                } else {
                    TFloat32[] t = tensors.get(s % tensors.size());
                    run(t[0], t[1]);
                }
            }
            return TrainerBench.rates(steps * (double) batches.get(0)[0].n(), start);
        } finally {
            tensors.forEach(t -> {
                t[0].close();
                t[1].close();
            });
        }
    }

    private float run(TFloat32 x, TFloat32 y) {
        try (Result r = session.runner().feed(lineArt, x).feed(target, y).addTarget(train).fetch(loss).run()) {
            float l = ((TFloat32) r.get(0)).getFloat();
            if (!Float.isFinite(l)) {
                throw new IllegalStateException("the twin's loss became " + l);
            }
            return l;
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
