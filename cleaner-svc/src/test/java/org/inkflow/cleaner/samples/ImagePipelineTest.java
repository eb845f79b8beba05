package org.inkflow.cleaner.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.inkflow.cleaner.TestImages;
import org.inkflow.cleaner.dedup.DuplicateIndex;
import org.inkflow.cleaner.filters.AspectRatioFilter;
import org.inkflow.cleaner.filters.ColorFractionFilter;
import org.inkflow.cleaner.filters.EdgeDensityFilter;
import org.inkflow.cleaner.filters.FilterChain;
import org.inkflow.cleaner.filters.GrayscaleFilter;
import org.inkflow.cleaner.filters.MinSizeFilter;
import org.inkflow.cleaner.filters.NearDuplicateFilter;
import org.inkflow.cleaner.filters.RatingFilter;
import org.inkflow.cleaner.filters.BlockedTagFilter;
import org.inkflow.cleaner.filters.RejectionRule;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.lineart.XDoGExtractor;
import org.inkflow.cleaner.normalize.NormalizeMode;
import org.inkflow.cleaner.normalize.Normalizer;
import org.inkflow.cleaner.normalize.SampleImage;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.image.SafeImageDecoder;
import org.junit.jupiter.api.Test;

/** The whole in-memory pipeline with the default thresholds of application.properties. */
class ImagePipelineTest {

    private final DuplicateIndex index = new DuplicateIndex();
    private final ImagePipeline pipeline = defaults(index, 64);

    /** The chain with application.properties' defaults. */
    static ImagePipeline defaults(DuplicateIndex index, int size) {
        FilterChain chain = new FilterChain(
                List.of(new RatingFilter(List.of("q", "e", "questionable", "explicit")),
                        new BlockedTagFilter(List.of("comic", "monochrome"))),
                List.of(new MinSizeFilter(64), new AspectRatioFilter(2.5), new GrayscaleFilter(0.06),
                        new ColorFractionFilter(0.15, 0.02), new EdgeDensityFilter(0.25, 0.45),
                        new NearDuplicateFilter(index, 6, 0.03)));
        return new ImagePipeline(new SafeImageDecoder(16_777_216L), chain, new Normalizer(size, NormalizeMode.PAD),
                LineArtMode.EXTRACTED, XDoGExtractor.defaults());
    }

    private ImagePipeline.Outcome accept(String sha, byte[] raw, byte[] paired) {
        ImagePipeline.Outcome outcome = pipeline.process(raw, paired);
        if (outcome instanceof ImagePipeline.Cleaned c) {
            index.add(sha, c.fingerprint());
        }
        return outcome;
    }

    @Test
    void theDefaultsAcceptMostOpenMojiAndUseTheirPairedLineArt() {
        List<String> accepted = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (String hex : TestImages.OPENMOJI) {
            ImagePipeline.Outcome outcome = accept(hex, TestImages.openmoji("color", hex), TestImages.openmoji("black", hex));
            if (outcome instanceof ImagePipeline.Cleaned c) {
                accepted.add(hex);
                assertThat(c.rendered().lineArtSource()).isEqualTo(LineArtMode.PAIRED);
                assertThat(c.rendered().target().width()).isEqualTo(64);
            } else {
                rejected.add(hex + ": " + ((ImagePipeline.Rejected) outcome).rejection());
            }
        }
        // 1F1FE (regional indicator Y) and E30E (swab pliers) are drawn in black and gray only: already grayscale,
        // rightly. Over 600 random OpenMoji the defaults accept about 86% (cleaner-svc/README.md).
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(13).contains("1F44B-1F3FB", "1F44B-1F3FC", "1F600");
        assertThat(rejected).allMatch(r -> (r.startsWith("1F1FE") || r.startsWith("E30E")) && r.contains("ALREADY_GRAYSCALE"));
    }

    @Test
    void pairedLineArtIsTheBlackLayerOnWhite() {
        ImagePipeline.Cleaned c = (ImagePipeline.Cleaned) pipeline.process(TestImages.openmoji("color", "1F600"),
                TestImages.openmoji("black", "1F600"));
        float[] input = SampleImage.of(ImageArrays.decode(c.rendered().inputPng())).gray();
        float[] expected = SampleImage.of(new Normalizer(64, NormalizeMode.PAD)
                .normalize(new SafeImageDecoder(1 << 20).decode(TestImages.openmoji("black", "1F600")))).gray();
        for (int i = 0; i < input.length; i++) {
            assertThat(input[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1 / 255f + 1e-6f));
        }
        assertThat(input[0]).isEqualTo(1f); // the corner is paper
    }

    @Test
    void withoutAPairTheInputIsExtractedWithDarkEdgesAndLightInside() {
        // 160x100: an orange rectangle at x 40..119, y 20..79 on white, no outline.
        BufferedImage image = TestImages.solid(160, 100, Color.WHITE);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new Color(240, 120, 20));
        g.fillRect(40, 20, 80, 60);
        g.dispose();
        ImagePipeline.Cleaned c = (ImagePipeline.Cleaned) pipeline.process(TestImages.png(image), null);
        assertThat(c.rendered().lineArtSource()).isEqualTo(LineArtMode.EXTRACTED);
        float[] input = SampleImage.of(ImageArrays.decode(c.rendered().inputPng())).gray();
        // PAD: 160x100 -> 64x40 centred vertically at y 12..51; the rectangle maps to x 16..47, y 20..43.
        assertThat(input[32 * 64 + 32]).isGreaterThan(0.95f); // inside
        assertThat(input[5 * 64 + 5]).isGreaterThan(0.95f); // paper
        float edge = Math.min(input[32 * 64 + 16], input[32 * 64 + 15]);
        assertThat(edge).isLessThan(0.75f); // the left edge is drawn
        float top = Math.min(input[20 * 64 + 32], input[19 * 64 + 32]);
        assertThat(top).isLessThan(0.75f);
    }

    @Test
    void eachRuleRejectsItsCraftedImage() {
        assertThat(rule(TestImages.pngBomb(100_000, 100_000))).isEqualTo(RejectionRule.TOO_MANY_PIXELS);
        assertThat(rule("not an image".getBytes())).isEqualTo(RejectionRule.UNDECODABLE);
        assertThat(rule(TestImages.png(TestImages.drawing(40, 30, Color.RED, 1)))).isEqualTo(RejectionRule.TOO_SMALL);
        assertThat(rule(TestImages.png(TestImages.drawing(300, 80, Color.RED, 1)))).isEqualTo(RejectionRule.EXTREME_ASPECT_RATIO);
        assertThat(rule(TestImages.png(TestImages.gray(TestImages.drawing(120, 90, Color.RED, 2))))).isEqualTo(RejectionRule.ALREADY_GRAYSCALE);
        BufferedImage sketch = TestImages.gray(TestImages.drawing(120, 90, Color.RED, 2));
        for (int x = 0; x < 120; x++) {
            sketch.setRGB(x, 3, 0xff0000); // one red line: ~1% coloured
        }
        assertThat(rule(TestImages.png(sketch))).isEqualTo(RejectionRule.TOO_LITTLE_COLOR);
        BufferedImage hatching = TestImages.solid(64, 64, Color.WHITE);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x += 3) {
                hatching.setRGB(x, y, (x / 3 % 2 == 0) ? 0xc03020 : 0x2040c0);
            }
        }
        assertThat(rule(TestImages.png(hatching))).isEqualTo(RejectionRule.TOO_ENTANGLED);
        assertThat(pipeline.checkMetadata(List.of("cat", "comic"), "g").map(r -> r.rule())).isEqualTo(Optional.of(RejectionRule.BLOCKED_TAG));
        assertThat(pipeline.checkMetadata(List.of("cat"), "e").map(r -> r.rule())).isEqualTo(Optional.of(RejectionRule.RATING));
        assertThat(pipeline.checkMetadata(List.of("cat"), null)).isEmpty();
    }

    @Test
    void aReencodedSlightlyResizedCopyOfAnAcceptedImageIsANearDuplicate() {
        BufferedImage original = TestImages.drawing(200, 150, new Color(30, 160, 90), 8);
        assertThat(accept("original", TestImages.png(original), null)).isInstanceOf(ImagePipeline.Cleaned.class);
        ImagePipeline.Outcome copy = pipeline.process(TestImages.jpeg(ImageArrays.resize(original, 190, 142)), null);
        assertThat(copy).isInstanceOfSatisfying(ImagePipeline.Rejected.class, r -> {
            assertThat(r.rejection().rule()).isEqualTo(RejectionRule.NEAR_DUPLICATE);
            assertThat(r.rejection().reason()).contains("original");
        });
    }

    @Test
    void renderMakesOtherSizesAndLineArtWithoutFiltering() {
        byte[] raw = TestImages.openmoji("color", "1F994");
        ImagePipeline.Rendered big = pipeline.render(raw, null, new Normalizer(128, NormalizeMode.CROP), LineArtMode.XDOG);
        assertThat(big.target().width()).isEqualTo(128);
        assertThat(big.lineArtSource()).isEqualTo(LineArtMode.XDOG);
        assertThat(ImageArrays.decode(big.inputPng()).getWidth()).isEqualTo(128);
        ImagePipeline.Rendered fallback = pipeline.render(raw, "broken".getBytes(), new Normalizer(64, NormalizeMode.PAD), LineArtMode.PAIRED);
        assertThat(fallback.lineArtSource()).isEqualTo(LineArtMode.EXTRACTED);
        assertThat(Set.of(LineArtMode.values())).contains(fallback.lineArtSource());
    }

    private RejectionRule rule(byte[] raw) {
        ImagePipeline.Outcome outcome = pipeline.process(raw, null);
        assertThat(outcome).isInstanceOf(ImagePipeline.Rejected.class);
        return ((ImagePipeline.Rejected) outcome).rejection().rule();
    }
}
