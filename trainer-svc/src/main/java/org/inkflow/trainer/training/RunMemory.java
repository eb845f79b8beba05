package org.inkflow.trainer.training;

import java.util.Locale;

/**
 * A training run's memory, estimated before it starts from batch size, width, depth and image size, so a run that
 * cannot fit is refused with the numbers instead of exhausting the trainer's memory mid-run.
 */
public final class RunMemory {

    /** float32 weight, its gradient and Adam's two moments. */
    private static final double BYTES_PER_PARAMETER = 4.0 * 4;
    /**
     * float32 tensors kept per U-Net level and sample for the backward pass: the encoder's and decoder's two
     * convolutions each, their activations, and the gradients flowing back (counted generously).
     */
    private static final double TENSORS_PER_LEVEL = 8;

    private RunMemory() {
    }

    /**
     * Bytes a run needs: level {@code l} holds {@code (size/2^l)^2 * (width*2^l)} values per tensor and its 3x3
     * convolutions {@code 4 * 9 * (width*2^l)^2} weights. Computed in doubles, so huge inputs cannot overflow.
     */
    public static double estimateBytes(int batchSize, int width, int depth, int imageSize) {
        double activations = 0;
        double parameters = 0;
        for (int level = 0; level <= depth; level++) {
            double filters = width * Math.pow(2, level);
            double side = imageSize / Math.pow(2, level);
            activations += side * side * filters;
            parameters += 4 * 9 * filters * filters;
        }
        return batchSize * activations * TENSORS_PER_LEVEL * 4 + parameters * BYTES_PER_PARAMETER;
    }

    /** Refuses {@code h} at {@code imageSize} pixels when its estimate exceeds {@code limitBytes}. */
    public static void check(Hyperparameters h, int imageSize, long limitBytes, String limitProperty) {
        double need = estimateBytes(h.batchSize(), h.width(), h.depth(), imageSize);
        if (need > limitBytes) {
            throw new InvalidHyperparameterException(String.format(Locale.ROOT, "a run with batchSize %d, width %d and"
                            + " depth %d on %dx%d images needs about %s of memory, more than the %s a run may use (%s);"
                            + " lower batchSize, width or depth", h.batchSize(), h.width(), h.depth(), imageSize,
                    imageSize, size(need), size(limitBytes), limitProperty));
        }
    }

    private static String size(double bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (1L << 20));
    }
}
