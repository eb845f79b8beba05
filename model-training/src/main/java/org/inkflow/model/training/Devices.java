package org.inkflow.model.training;

import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/**
 * Which device TensorFlow computes on: a tiny graph pinned to {@code /device:GPU:0} without soft placement runs
 * only when the native library was built with CUDA and a GPU is visible (the {@code gpu} Maven profile on a CUDA
 * host); otherwise it is the CPU.
 */
public final class Devices {

    private static volatile String description;

    private Devices() {
    }

    /** {@code true} when TensorFlow can place ops on a GPU. */
    public static boolean gpuAvailable() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g).withDevice(DeviceSpec.newBuilder()
                    .deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
            var x = tf.math.add(tf.constant(1f), tf.constant(1f));
            try (Session s = new Session(g, ConfigProto.newBuilder().setAllowSoftPlacement(false).build());
                 Result r = s.runner().fetch(x).run()) {
                return r.size() == 1;
            }
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** e.g. {@code "CPU (2 cores), TensorFlow 2.18.0"}; computed once. */
    public static String describe() {
        if (description == null) {
            description = (gpuAvailable() ? "GPU (/device:GPU:0)"
                    : "CPU (" + Runtime.getRuntime().availableProcessors() + " cores)")
                    + ", TensorFlow " + TensorFlow.version();
        }
        return description;
    }
}
