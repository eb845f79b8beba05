package org.inkflow.heldout;

import java.awt.image.BufferedImage;
import java.util.Optional;
import org.inkflow.cleaner.filters.ColorFractionFilter;
import org.inkflow.cleaner.filters.GrayscaleFilter;
import org.inkflow.cleaner.lineart.LineArtExtractor;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.lineart.XDoGExtractor;
import org.inkflow.cleaner.normalize.NormalizeMode;
import org.inkflow.cleaner.normalize.Normalizer;
import org.inkflow.cleaner.normalize.SampleImage;

/**
 * A colour drawing to a held-out pair exactly as the cleaner makes a sample of an image without paired line art:
 * normalized to a square (pad on white, the cleaner's default), the line art made from the normalized image's luma
 * by the cleaner's extractor for {@code mode}. Drawings the cleaner would reject for colour
 * ({@code already-grayscale}, {@code too-little-color}, at the cleaner's default thresholds) give no pair.
 */
public final class PairBuilder {

    /** The cleaner's defaults ({@code inkflow.cleaner.filters.*}). */
    static final double GRAYSCALE_MAX_CHROMA = 0.06;
    static final double COLORED_PIXEL_CHROMA = 0.15;
    static final double MIN_COLOR_FRACTION = 0.02;

    private final Normalizer normalizer;
    private final LineArtExtractor extractor;

    public PairBuilder(int size, LineArtMode mode) {
        this.normalizer = new Normalizer(size, NormalizeMode.PAD);
        this.extractor = LineArtExtractor.of(mode, XDoGExtractor.defaults());
    }

    public int size() {
        return normalizer.size();
    }

    /** The pair of {@code color} (any shape), or empty when the cleaner would reject it as not colourful. */
    public Optional<HeldoutPair> build(String name, BufferedImage color) {
        SampleImage target = SampleImage.of(normalizer.normalize(color));
        if (GrayscaleFilter.chromaPercentile(target.rgb(), 0.99) < GRAYSCALE_MAX_CHROMA
                || ColorFractionFilter.colorFraction(target.rgb(), COLORED_PIXEL_CHROMA) < MIN_COLOR_FRACTION) {
            return Optional.empty();
        }
        float[] lineArt = extractor.extract(target.gray(), target.width(), target.height()); // [H,W]
        return Optional.of(new HeldoutPair(name, normalizer.size(), lineArt, target.rgb()));
    }
}
