package org.inkflow.inference.service;

import java.util.Arrays;

/**
 * What the Open Inference Protocol's model metadata promises, in one place for both ways in (v2 JSON over REST and
 * v2 gRPC): one input {@code line_art} FP32 {@code [N,H,W,1]}, for a hint model an optional second input {@code hints}
 * FP32 {@code [N,H,W,4]} (R, G, B, mask), one output {@code rgb} FP32 {@code [N,H,W,3]}, and the checks of an input
 * tensor's name, datatype and shape that do not depend on the loaded model (those that do are
 * {@link ColorizerService}'s).
 */
public final class TensorContract {

    public static final String INPUT = "line_art";
    public static final String OUTPUT = "rgb";
    /** The optional second input of a hint model. */
    public static final String HINTS = org.inkflow.model.serving.ExportedModel.HINTS;
    /** Channels of {@link #HINTS}. */
    public static final int HINT_CHANNELS = org.inkflow.model.serving.ExportedModel.HINT_CHANNELS;
    public static final String DATATYPE = "FP32";
    /** What model metadata calls the platform. */
    public static final String PLATFORM = "tensorflow_savedmodel";
    /** What server metadata calls the server. */
    public static final String SERVER_NAME = "inkflow-inference";

    private TensorContract() {
    }

    /**
     * Checks an input's name ({@code line_art} or {@code hints}), datatype and shape ({@code [N,H,W,1]}, or
     * {@code [N,H,W,4]} for hints; every dimension at least 1); answers how many values the tensor holds,
     * {@code N*H*W*C}. A {@link RejectedRequestException} (400) says what the model takes.
     */
    public static long checkInput(String name, String datatype, long[] shape) {
        boolean hints = HINTS.equals(name);
        if (name == null || !(name.equals(INPUT) || hints)) {
            throw bad("unknown input '" + name + "'; this model takes '" + INPUT + "' " + DATATYPE + " [N,H,W,1]"
                    + " (and a hint model optionally '" + HINTS + "' " + DATATYPE + " [N,H,W,4])");
        }
        if (datatype == null || !datatype.equals(DATATYPE)) {
            throw bad("input '" + name + "' has datatype " + datatype + "; this model takes " + DATATYPE);
        }
        int channels = hints ? HINT_CHANNELS : 1;
        if (shape == null || shape.length != 4 || shape[3] != channels) {
            throw bad("input '" + name + "' has shape " + (shape == null ? "none" : Arrays.toString(shape))
                    + (hints ? "; hints are [N,H,W,4] (R, G, B in [0,1] and a mask, 1 where a hint is; NHWC)"
                            : "; this model takes [N,H,W,1] (gray line art, NHWC)"));
        }
        for (long d : shape) {
            if (d < 1 || d > Integer.MAX_VALUE) {
                throw bad("shape " + Arrays.toString(shape) + " has a dimension below 1 or too large");
            }
        }
        try {
            return Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(shape[0], shape[1]), shape[2]), channels);
        } catch (ArithmeticException e) {
            throw bad("shape " + Arrays.toString(shape) + " holds more values than any request can carry");
        }
    }

    /** The request for a checked {@code shape} whose {@code data} holds exactly its values. */
    public static TensorRequest request(String id, long[] shape, float[] data) {
        return new TensorRequest(id, (int) shape[0], (int) shape[1], (int) shape[2], data);
    }

    /**
     * Checks the inputs' names before their data is read: {@code line_art} once and {@code hints} at most once (an
     * unknown name is refused with the input's own checks).
     */
    public static void checkNames(java.util.List<String> names) {
        int line = names.indexOf(INPUT);
        if (names.size() > 2 || (line >= 0 && names.lastIndexOf(INPUT) != line)
                || names.indexOf(HINTS) != names.lastIndexOf(HINTS)) {
            throw bad("the request has " + names.size() + " inputs " + names + "; send '" + INPUT + "' once and, for a"
                    + " hint model, '" + HINTS + "' at most once");
        }
        if (line < 0 && names.stream().allMatch(HINTS::equals)) {
            throw bad("the request has no input '" + INPUT + "' (" + DATATYPE + " [N,H,W,1]); it sent " + names);
        }
    }

    /**
     * The request of checked, complete inputs by name: {@code line_art} and optionally {@code hints}, whose N, H and
     * W must be the line art's. Each input at most once.
     */
    public static TensorRequest request(String id, java.util.List<String> names, java.util.List<long[]> shapes,
                                        java.util.List<float[]> data) {
        checkNames(names);
        int line = names.indexOf(INPUT);
        long[] shape = shapes.get(line);
        int h = names.indexOf(HINTS);
        if (h < 0) {
            return request(id, shape, data.get(line));
        }
        long[] hintShape = shapes.get(h);
        if (hintShape[0] != shape[0] || hintShape[1] != shape[1] || hintShape[2] != shape[2]) {
            throw bad("input '" + HINTS + "' has shape " + Arrays.toString(hintShape) + "; it must have the line art's"
                    + " N, H and W: [" + shape[0] + "," + shape[1] + "," + shape[2] + "," + HINT_CHANNELS + "]");
        }
        return new TensorRequest(id, (int) shape[0], (int) shape[1], (int) shape[2], data.get(line), data.get(h));
    }

    private static RejectedRequestException bad(String message) {
        return new RejectedRequestException(400, "bad_request", message);
    }
}
