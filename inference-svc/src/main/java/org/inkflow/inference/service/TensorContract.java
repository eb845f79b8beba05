package org.inkflow.inference.service;

import java.util.Arrays;

/**
 * What the Open Inference Protocol's model metadata promises, in one place for both ways in (v2 JSON over REST and
 * v2 gRPC): one input {@code line_art} FP32 {@code [N,H,W,1]}, one output {@code rgb} FP32 {@code [N,H,W,3]}, and the
 * checks of an input tensor's name, datatype and shape that do not depend on the loaded model (those that do are
 * {@link ColorizerService}'s).
 */
public final class TensorContract {

    public static final String INPUT = "line_art";
    public static final String OUTPUT = "rgb";
    public static final String DATATYPE = "FP32";
    /** What model metadata calls the platform. */
    public static final String PLATFORM = "tensorflow_savedmodel";
    /** What server metadata calls the server. */
    public static final String SERVER_NAME = "inkflow-inference";

    private TensorContract() {
    }

    /**
     * Checks an input's name, datatype and shape ({@code [N,H,W,1]}, every dimension at least 1); answers how many
     * values the tensor holds, {@code N*H*W}. A {@link RejectedRequestException} (400) says what the model takes.
     */
    public static long checkInput(String name, String datatype, long[] shape) {
        if (name == null || !name.equals(INPUT)) {
            throw bad("unknown input '" + name + "'; this model takes '" + INPUT + "' " + DATATYPE + " [N,H,W,1]");
        }
        if (datatype == null || !datatype.equals(DATATYPE)) {
            throw bad("input '" + INPUT + "' has datatype " + datatype + "; this model takes " + DATATYPE);
        }
        if (shape == null || shape.length != 4 || shape[3] != 1) {
            throw bad("input '" + INPUT + "' has shape " + (shape == null ? "none" : Arrays.toString(shape))
                    + "; this model takes [N,H,W,1] (gray line art, NHWC)");
        }
        for (long d : shape) {
            if (d < 1 || d > Integer.MAX_VALUE) {
                throw bad("shape " + Arrays.toString(shape) + " has a dimension below 1 or too large");
            }
        }
        try {
            return Math.multiplyExact(Math.multiplyExact(shape[0], shape[1]), shape[2]);
        } catch (ArithmeticException e) {
            throw bad("shape " + Arrays.toString(shape) + " holds more values than any request can carry");
        }
    }

    /** The request for a checked {@code shape} whose {@code data} holds exactly its values. */
    public static TensorRequest request(String id, long[] shape, float[] data) {
        return new TensorRequest(id, (int) shape[0], (int) shape[1], (int) shape[2], data);
    }

    private static RejectedRequestException bad(String message) {
        return new RejectedRequestException(400, "bad_request", message);
    }
}
