package org.inkflow.model.training;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The U-Net's architecture and regularization: {@code width} filters at full resolution, doubled at each of
 * {@code depth} levels; how it goes down (strided conv or max-pool) and up (transposed conv or nearest resize +
 * conv); LeakyReLU slope; the loss; dropout before the decoder (0 = off) and L2 weight decay on kernels (0 = off);
 * batch normalization after every convolution but the output's ({@code batchNorm}; see {@link UNetModel}).
 * H and W must be multiples of {@link #sizeMultiple()}.
 */
public record UNetConfig(
        int width,
        int depth,
        float leakyReluAlpha,
        Downsampling downsampling,
        Upsampling upsampling,
        Loss loss,
        float dropout,
        float l2,
        boolean batchNorm) {

    /** How the encoder halves the resolution. */
    public enum Downsampling { STRIDED_CONV, MAX_POOL }

    /** How the decoder doubles the resolution. */
    public enum Upsampling { TRANSPOSED_CONV, RESIZE_CONV }

    /** The reconstruction loss against the color target. */
    public enum Loss { L1, MSE }

    public static final int MAX_DEPTH = 6;

    /** Without batch normalization. */
    public UNetConfig(int width, int depth, float leakyReluAlpha, Downsampling downsampling, Upsampling upsampling,
                      Loss loss, float dropout, float l2) {
        this(width, depth, leakyReluAlpha, downsampling, upsampling, loss, dropout, l2, false);
    }

    public UNetConfig {
        if (width < 1 || width > 512) {
            throw new IllegalArgumentException("U-Net width must be between 1 and 512 filters; got " + width);
        }
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("U-Net depth must be between 1 and " + MAX_DEPTH + "; got " + depth);
        }
        if (!(leakyReluAlpha >= 0f && leakyReluAlpha < 1f)) {
            throw new IllegalArgumentException("LeakyReLU alpha must be in [0,1); got " + leakyReluAlpha);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0,1) (0 turns it off); got " + dropout);
        }
        if (!(l2 >= 0f) || Float.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 weight decay must be >= 0 (0 turns it off); got " + l2);
        }
        if (downsampling == null) {
            downsampling = Downsampling.STRIDED_CONV;
        }
        if (upsampling == null) {
            upsampling = Upsampling.TRANSPOSED_CONV;
        }
        if (loss == null) {
            loss = Loss.L1;
        }
    }

    /** The reference model: width 16, depth 2 (128k parameters), strided down, transposed up, L1. */
    public static UNetConfig defaults() {
        return new UNetConfig(16, 2, 0.2f, Downsampling.STRIDED_CONV, Upsampling.TRANSPOSED_CONV, Loss.L1, 0f, 0f);
    }

    public UNetConfig withWidth(int w) {
        return new UNetConfig(w, depth, leakyReluAlpha, downsampling, upsampling, loss, dropout, l2, batchNorm);
    }

    public UNetConfig withDepth(int d) {
        return new UNetConfig(width, d, leakyReluAlpha, downsampling, upsampling, loss, dropout, l2, batchNorm);
    }

    public UNetConfig withSampling(Downsampling down, Upsampling up) {
        return new UNetConfig(width, depth, leakyReluAlpha, down, up, loss, dropout, l2, batchNorm);
    }

    public UNetConfig withLoss(Loss l) {
        return new UNetConfig(width, depth, leakyReluAlpha, downsampling, upsampling, l, dropout, l2, batchNorm);
    }

    public UNetConfig withRegularization(float dropoutRate, float l2Decay) {
        return new UNetConfig(width, depth, leakyReluAlpha, downsampling, upsampling, loss, dropoutRate, l2Decay,
                batchNorm);
    }

    public UNetConfig withBatchNorm(boolean on) {
        return new UNetConfig(width, depth, leakyReluAlpha, downsampling, upsampling, loss, dropout, l2, on);
    }

    /** H and W must be multiples of this: 2 to the power of depth. */
    public int sizeMultiple() {
        return 1 << depth;
    }

    /** The architecture as plain values, for the model card. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("architecture", "unet");
        out.put("width", width);
        out.put("depth", depth);
        out.put("leakyReluAlpha", decimal(leakyReluAlpha));
        out.put("downsampling", downsampling.name().toLowerCase(Locale.ROOT));
        out.put("upsampling", upsampling.name().toLowerCase(Locale.ROOT));
        out.put("loss", loss.name().toLowerCase(Locale.ROOT));
        out.put("dropout", decimal(dropout));
        out.put("l2", decimal(l2));
        if (batchNorm) {
            // Only when on, so the cards of models without it read as before.
            out.put("batchNorm", true);
        }
        return out;
    }

    /** The float's shortest decimal as a double (0.2f becomes 0.2, not 0.20000000298): JSON round-trips equal. */
    private static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }
}
