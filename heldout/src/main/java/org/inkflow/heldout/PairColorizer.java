package org.inkflow.heldout;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.evaluator.scoring.LineCopyBaseline;
import org.inkflow.inference.imaging.Framing;
import org.inkflow.model.serving.ColorizerModel;
import org.inkflow.model.serving.ImageBatch;

/** Something the scorer runs on a held-out pair's line art: returns {@code [H,W,3]} RGB in [0,1]. */
public interface PairColorizer extends AutoCloseable {

    String id();

    /** Whether {@link #colorize} uses hints (the scorer adds a "with hints" row only for those). */
    boolean takesHints();

    /** {@code hints} is null for none, else a {@code size x size} ARGB image, transparent = no hint. */
    float[] colorize(HeldoutPair pair, BufferedImage hints);

    @Override
    default void close() {
    }

    /** A colorizer from its parts; {@code onClose} releases what it holds. */
    static PairColorizer of(String id, boolean takesHints, BiFunction<HeldoutPair, BufferedImage, float[]> colorize,
                            Runnable onClose) {
        return new PairColorizer() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public boolean takesHints() {
                return takesHints;
            }

            @Override
            public float[] colorize(HeldoutPair pair, BufferedImage hints) {
                return colorize.apply(pair, hints);
            }

            @Override
            public void close() {
                onClose.run();
            }
        };
    }

    /** The evaluator's baseline: the line art copied to all three channels. */
    static PairColorizer lineCopy() {
        LineCopyBaseline baseline = new LineCopyBaseline();
        return of(baseline.id(), false, (pair, hints) -> baseline.colorize(pair.lineArt(), 1, pair.size(), pair.size()),
                baseline::close);
    }

    /** A running service's {@code /colorize}, sending the line art as the pipeline stores it (an RGB PNG). */
    static PairColorizer service(ColorizeClient client, String id) {
        return of(id, true, (pair, hints) -> {
            byte[] png = client.colorize(pair.inputPng(), hints == null ? null : ImageArrays.encodePng(hints));
            BufferedImage out = ImageArrays.decode(png);
            if (out.getWidth() != pair.size() || out.getHeight() != pair.size()) {
                throw new IllegalStateException("/colorize answered " + out.getWidth() + "x" + out.getHeight()
                        + " for a " + pair.size() + "x" + pair.size() + " drawing (" + pair.name() + ")");
            }
            return ImageArrays.toRgb(out);
        }, () -> { });
    }

    /**
     * An exported model version directory (or its {@code saved_model/}), run in this process; a model with a hints
     * input gets the hints image as {@code /colorize} makes it a hint map (alpha of at least half is a hint).
     */
    static PairColorizer savedModel(Path dir) {
        ColorizerModel model = ColorizerModel.load(dir);
        // [1, H, W, 1] line art in [0,1] (and [1, H, W, 4] hints) -> [1, H, W, 3] RGB
        return of("savedmodel " + model.card().name() + "/" + model.card().version(), model.takesHints(),
                (pair, hints) -> model.predict(new ImageBatch(1, pair.size(), pair.size(), 1, pair.lineArt()),
                        hints == null ? null : new ImageBatch(1, pair.size(), pair.size(), 4,
                                square(pair.size()).hints(hints))).image(0),
                model::close);
    }

    /** The framing of a square drawing at the model's own size: no scaling, no padding. */
    private static Framing square(int size) {
        return new Framing(size, size, size, size, size, size);
    }
}
