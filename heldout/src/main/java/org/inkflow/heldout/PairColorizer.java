package org.inkflow.heldout;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.evaluator.scoring.LineCopyBaseline;
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

    /** The evaluator's baseline: the line art copied to all three channels. */
    static PairColorizer lineCopy() {
        LineCopyBaseline baseline = new LineCopyBaseline();
        return new PairColorizer() {
            @Override
            public String id() {
                return baseline.id();
            }

            @Override
            public boolean takesHints() {
                return false;
            }

            @Override
            public float[] colorize(HeldoutPair pair, BufferedImage hints) {
                return baseline.colorize(pair.lineArt(), 1, pair.size(), pair.size());
            }
        };
    }

    /** A running service's {@code /colorize}, sending the line art as the pipeline stores it (an RGB PNG). */
    static PairColorizer service(ColorizeClient client, String id) {
        return new PairColorizer() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public boolean takesHints() {
                return true;
            }

            @Override
            public float[] colorize(HeldoutPair pair, BufferedImage hints) {
                byte[] png = client.colorize(pair.inputPng(), hints == null ? null : ImageArrays.encodePng(hints));
                BufferedImage out = ImageArrays.decode(png);
                if (out.getWidth() != pair.size() || out.getHeight() != pair.size()) {
                    throw new IllegalStateException("/colorize answered " + out.getWidth() + "x" + out.getHeight()
                            + " for a " + pair.size() + "x" + pair.size() + " drawing (" + pair.name() + ")");
                }
                return ImageArrays.toRgb(out);
            }
        };
    }

    /** An exported model version directory (or its {@code saved_model/}), run in this process; no hints input. */
    static PairColorizer savedModel(Path dir) {
        ColorizerModel model = ColorizerModel.load(dir);
        String id = "savedmodel " + model.card().name() + "/" + model.card().version();
        return new PairColorizer() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public boolean takesHints() {
                return false;
            }

            @Override
            public float[] colorize(HeldoutPair pair, BufferedImage hints) {
                // [1, H, W, 1] line art in [0,1] -> [1, H, W, 3] RGB
                ImageBatch rgb = model.predict(new ImageBatch(1, pair.size(), pair.size(), 1, pair.lineArt()));
                return rgb.image(0);
            }

            @Override
            public void close() {
                model.close();
            }
        };
    }
}
