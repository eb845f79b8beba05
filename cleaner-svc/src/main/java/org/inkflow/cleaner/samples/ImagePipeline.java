package org.inkflow.cleaner.samples;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inkflow.cleaner.dedup.ImageFingerprint;
import org.inkflow.cleaner.filters.AspectRatioFilter;
import org.inkflow.cleaner.filters.ColorFractionFilter;
import org.inkflow.cleaner.filters.EdgeDensityFilter;
import org.inkflow.cleaner.filters.FilterChain;
import org.inkflow.cleaner.filters.GrayscaleFilter;
import org.inkflow.cleaner.filters.ImageCandidate;
import org.inkflow.cleaner.filters.Rejection;
import org.inkflow.cleaner.filters.RejectionRule;
import org.inkflow.cleaner.lineart.LineArtExtractor;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.lineart.XDoGExtractor;
import org.inkflow.cleaner.normalize.Normalizer;
import org.inkflow.cleaner.normalize.SampleImage;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.image.ImageDecodeException;
import org.inkflow.common.image.SafeImageDecoder;

/**
 * One raw image to one sample, in memory: safe decode, filters, normalize, model input (paired line art when the
 * source has one, else the fallback extractor), PNG encoding. No I/O, so it is unit-tested and benchmarked alone.
 */
public final class ImagePipeline {

    /** What became of one raw image. */
    public sealed interface Outcome permits Rejected, Cleaned {
    }

    public record Rejected(Rejection rejection) implements Outcome {
    }

    /**
     * An accepted sample: {@code input} {@code [H,W]} line art and {@code target} RGB, both encoded as PNG (the input
     * as an RGB PNG with equal channels, so {@code ImageArrays.toGray} reads its values back exactly).
     */
    public record Cleaned(Rendered rendered, ImageFingerprint fingerprint, int sourceWidth, int sourceHeight,
                          Map<String, Double> measures) implements Outcome {
    }

    /** A normalized sample at one size and line-art source, ready to store. */
    public record Rendered(SampleImage target, float[] input, LineArtMode lineArtSource, byte[] inputPng, byte[] targetPng) {
    }

    private final SafeImageDecoder decoder;
    private final FilterChain filters;
    private final Normalizer normalizer;
    private final LineArtMode fallbackMode;
    private final XDoGExtractor xdog;

    /**
     * @param fallbackMode how the input is made when there is no paired line art: EXTRACTED, XDOG or GRAY
     */
    public ImagePipeline(SafeImageDecoder decoder, FilterChain filters, Normalizer normalizer, LineArtMode fallbackMode,
                         XDoGExtractor xdog) {
        if (fallbackMode == LineArtMode.PAIRED) {
            throw new IllegalArgumentException("inkflow.cleaner.line-art is what to do without paired line art:"
                    + " extracted, xdog or gray, not paired");
        }
        this.decoder = decoder;
        this.filters = filters;
        this.normalizer = normalizer;
        this.fallbackMode = fallbackMode;
        this.xdog = xdog;
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    public LineArtMode fallbackMode() {
        return fallbackMode;
    }

    public Optional<Rejection> checkMetadata(List<String> tags, String rating) {
        return filters.checkMetadata(tags, rating);
    }

    /** Decodes, filters and renders one raw image; {@code pairedLineArt} is null when the source has none. */
    public Outcome process(byte[] raw, byte[] pairedLineArt) {
        BufferedImage decoded;
        try {
            decoded = decoder.decode(raw);
        } catch (ImageDecodeException e) {
            return new Rejected(decodeRejection(e));
        }
        BufferedImage square = normalizer.normalize(decoded);
        SampleImage target = SampleImage.of(square);
        ImageFingerprint fingerprint = ImageFingerprint.of(target);
        ImageCandidate candidate = new ImageCandidate(decoded.getWidth(), decoded.getHeight(), target, fingerprint);
        Optional<Rejection> rejection = filters.checkImage(candidate);
        if (rejection.isPresent()) {
            return new Rejected(rejection.get());
        }
        Rendered rendered = render(decoded, target, pairedLineArt, normalizer, pairedLineArt == null ? fallbackMode : LineArtMode.PAIRED);
        return new Cleaned(rendered, fingerprint, decoded.getWidth(), decoded.getHeight(), measures(candidate));
    }

    /**
     * Renders a raw image at another size or line-art source, without filtering (a dataset asking for 256x256 or
     * XDoG input of samples that were accepted at 64x64 with paired line art).
     *
     * @param mode PAIRED falls back to this pipeline's fallback extractor when the pair is missing or unusable
     */
    public Rendered render(byte[] raw, byte[] pairedLineArt, Normalizer at, LineArtMode mode) {
        BufferedImage decoded = decoder.decode(raw);
        return render(decoded, SampleImage.of(at.normalize(decoded)), pairedLineArt, at, mode);
    }

    private Rendered render(BufferedImage decoded, SampleImage target, byte[] pairedLineArt, Normalizer at, LineArtMode mode) {
        float[] input = null;
        LineArtMode source = mode;
        if (mode == LineArtMode.PAIRED) {
            input = pairedInput(decoded, pairedLineArt, at);
            if (input == null) {
                source = fallbackMode;
            }
        }
        if (input == null) {
            input = LineArtExtractor.of(source, xdog).extract(target.gray(), target.width(), target.height());
        }
        return new Rendered(target, input, source, encodeGray(input, target.width(), target.height()),
                ImageArrays.encodePng(ImageArrays.fromRgb(target.rgb(), target.width(), target.height())));
    }

    /**
     * The paired line art normalized like the colour image, or null when there is none, it cannot be decoded, or its
     * shape differs from the colour image's (the two would not line up after normalizing).
     */
    private float[] pairedInput(BufferedImage color, byte[] paired, Normalizer at) {
        if (paired == null) {
            return null;
        }
        BufferedImage lineArt;
        try {
            lineArt = decoder.decode(paired);
        } catch (ImageDecodeException e) {
            return null;
        }
        double colorRatio = (double) color.getWidth() / color.getHeight();
        double lineRatio = (double) lineArt.getWidth() / lineArt.getHeight();
        if (Math.abs(colorRatio - lineRatio) > 0.01 * colorRatio) {
            return null;
        }
        return SampleImage.of(at.normalize(lineArt)).gray();
    }

    /** The measures meta.json records, whether or not a rule is enabled. */
    private static Map<String, Double> measures(ImageCandidate c) {
        SampleImage n = c.normalized();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("aspectRatio", round(AspectRatioFilter.ratio(c.sourceWidth(), c.sourceHeight())));
        out.put("chromaP99", round(GrayscaleFilter.chromaPercentile(n.rgb(), 0.99)));
        out.put("colorFraction", round(ColorFractionFilter.colorFraction(n.rgb(), 0.15)));
        out.put("edgeDensity", round(EdgeDensityFilter.edgeDensity(n.gray(), n.width(), n.height(), 0.25)));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    static Rejection decodeRejection(ImageDecodeException e) {
        return switch (e.problem()) {
            case TOO_MANY_PIXELS -> Rejection.of(RejectionRule.TOO_MANY_PIXELS, e.value(), e.limit(), e.getMessage());
            case TOO_MANY_BYTES -> Rejection.of(RejectionRule.TOO_MANY_BYTES, e.value(), e.limit(), e.getMessage());
            case CORRUPT, UNSUPPORTED_FORMAT -> new Rejection(RejectionRule.UNDECODABLE, null, null, e.getMessage());
        };
    }

    /** {@code [H,W]} values in [0,1] as an RGB PNG with R = G = B (see {@link Cleaned}). */
    static byte[] encodeGray(float[] gray, int width, int height) {
        float[] rgb = new float[gray.length * 3]; // [H,W,3]
        for (int i = 0; i < gray.length; i++) {
            rgb[i * 3] = gray[i];
            rgb[i * 3 + 1] = gray[i];
            rgb[i * 3 + 2] = gray[i];
        }
        return ImageArrays.encodePng(ImageArrays.fromRgb(rgb, width, height));
    }
}
