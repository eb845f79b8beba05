package org.inkflow.model.training;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The U-Net's architecture and regularization: {@code width} filters at full resolution, doubled at each of
 * {@code depth} levels; how it goes down (strided conv or max-pool) and up (transposed conv or nearest resize +
 * conv); LeakyReLU slope; the loss; dropout before the decoder (0 = off) and L2 weight decay on kernels (0 = off);
 * batch normalization after every convolution but the output's ({@code batchNorm}; see {@link UNetModel}); a second
 * input of color hints ({@code hints}: RGB + mask, {@link #HINT_CHANNELS} channels) beside the line art.
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
        boolean batchNorm,
        boolean hints) {

    /** How the encoder halves the resolution. */
    public enum Downsampling { STRIDED_CONV, MAX_POOL }

    /** How the decoder doubles the resolution. */
    public enum Upsampling { TRANSPOSED_CONV, RESIZE_CONV }

    /** The reconstruction loss against the color target. */
    public enum Loss { L1, MSE }

    public static final int MAX_DEPTH = 6;
    /** Channels of the hints input: R, G, B in [0,1] and a mask (1 where a hint is). */
    public static final int HINT_CHANNELS = org.inkflow.model.serving.ExportedModel.HINT_CHANNELS;

    /** Without color hints. */
    public UNetConfig(int width, int depth, float leakyReluAlpha, Downsampling downsampling, Upsampling upsampling,
                      Loss loss, float dropout, float l2, boolean batchNorm) {
        this(width, depth, leakyReluAlpha, downsampling, upsampling, loss, dropout, l2, batchNorm, false);
    }

    /** Without batch normalization. */
    public UNetConfig(int width, int depth, float leakyReluAlpha, Downsampling downsampling, Upsampling upsampling,
                      Loss loss, float dropout, float l2) {
        this(width, depth, leakyReluAlpha, downsampling, upsampling, loss, dropout, l2, false, false);
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
        return new UNetConfig(w, depth, leakyReluAlpha, downsampling, upsampling, loss, dropout, l2, batchNorm, hints);
    }

    public UNetConfig withDepth(int d) {
        return new UNetConfig(width, d, leakyReluAlpha, downsampling, upsampling, loss, dropout, l2, batchNorm, hints);
    }

    public UNetConfig withSampling(Downsampling down, Upsampling up) {
        return new UNetConfig(width, depth, leakyReluAlpha, down, up, loss, dropout, l2, batchNorm, hints);
    }

    public UNetConfig withLoss(Loss l) {
        return new UNetConfig(width, depth, leakyReluAlpha, downsampling, upsampling, l, dropout, l2, batchNorm, hints);
    }

    public UNetConfig withRegularization(float dropoutRate, float l2Decay) {
        return new UNetConfig(width, depth, leakyReluAlpha, downsampling, upsampling, loss, dropoutRate, l2Decay,
                batchNorm, hints);
    }

    public UNetConfig withBatchNorm(boolean on) {
        return new UNetConfig(width, depth, leakyReluAlpha, downsampling, upsampling, loss, dropout, l2, on, hints);
    }

    /** The same architecture with (or without) the color-hints input. */
    public UNetConfig withHints(boolean on) {
        return new UNetConfig(width, depth, leakyReluAlpha, downsampling, upsampling, loss, dropout, l2, batchNorm, on);
    }

    /**
     * Channels the first convolution sees: the normalized line art, plus with {@link #hints()} the hints' RGB (zero
     * where the mask is) and mask.
     */
    public int inputChannels() {
        return hints ? 1 + HINT_CHANNELS : 1;
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
        if (hints) {
            // Likewise: a card without "hints" is a model with the line art as its only input.
            out.put("hints", true);
        }
        return out;
    }

    /** The float's shortest decimal as a double (0.2f becomes 0.2, not 0.20000000298): JSON round-trips equal. */
    private static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }
}
