package org.inkflow.evaluator.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.inkflow.evaluator.scoring.Colorizer;
import org.inkflow.model.serving.HintMaps;

/**
 * A hint model scored with color hints: each sample gets strokes sampled from its own target as training samples
 * them ({@link HintMaps.Sampling#training()}, but never none), seeded by the target's pixels, so the same sample gets
 * the same hints in every evaluation and in any batch. Shares the model of the {@link SavedModelColorizer} it wraps
 * and leaves closing it to that one.
 */
public final class HintedColorizer implements Colorizer {

    /** What the id of the hinted pass adds to the model's. */
    public static final String SUFFIX = "+hints";
    /** Keys the hint sampling of every sample; fixed, so scores with hints compare across versions. */
    static final long SEED = 0x48494E54L;

    private final SavedModelColorizer model;

    public HintedColorizer(SavedModelColorizer model) {
        if (!model.model().takesHints()) {
            throw new IllegalArgumentException(model.id() + " takes no color hints");
        }
        this.model = model;
    }

    @Override
    public String id() {
        return model.id() + SUFFIX;
    }

    @Override
    public float[] colorize(float[] lineArt, int n, int height, int width) {
        throw new UnsupportedOperationException(id() + " samples its hints from the targets: call"
                + " colorize(lineArt, targets, n, height, width)");
    }

    @Override
    public float[] colorize(float[] lineArt, float[] targets, int n, int height, int width) {
        return model.colorizeWithHints(lineArt, hints(targets, n, height, width), n, height, width);
    }

    /** {@code [n,height,width,4]} hints sampled from {@code targets} {@code [n,height,width,3]}. */
    static float[] hints(float[] targets, int n, int height, int width) {
        int plane = height * width;
        float[] out = new float[n * plane * 4];
        HintMaps.Sampling always = HintMaps.Sampling.training().always();
        for (int i = 0; i < n; i++) {
            float[] target = Arrays.copyOfRange(targets, i * plane * 3, (i + 1) * plane * 3);
            float[] one = HintMaps.sample(target, height, width,
                    new SplittableRandom(HintMaps.mix(SEED, Arrays.hashCode(target))), always);
            System.arraycopy(one, 0, out, i * plane * 4, one.length);
        }
        return out;
    }
}
