package org.inkflow.cleaner.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import org.inkflow.cleaner.TestImages;
import org.inkflow.cleaner.dedup.DuplicateIndex;
import org.inkflow.cleaner.dedup.ImageFingerprint;
import org.inkflow.cleaner.normalize.SampleImage;
import org.junit.jupiter.api.Test;

class FiltersTest {

    private static ImageCandidate candidate(BufferedImage image) {
        SampleImage s = SampleImage.of(image);
        return new ImageCandidate(image.getWidth(), image.getHeight(), s, ImageFingerprint.of(s));
    }

    private static ImageCandidate sized(int w, int h) {
        return new ImageCandidate(w, h, SampleImage.of(TestImages.drawing(40, 24, Color.ORANGE, 1)),
                ImageFingerprint.of(SampleImage.of(TestImages.drawing(40, 24, Color.ORANGE, 1))));
    }

    @Test
    void tooSmallMeasuresTheShorterSide() {
        MinSizeFilter filter = new MinSizeFilter(64);
        assertThat(filter.check(sized(300, 64))).isEmpty();
        Rejection r = filter.check(sized(300, 48)).orElseThrow();
        assertThat(r.rule()).isEqualTo(RejectionRule.TOO_SMALL);
        assertThat(r.value()).isEqualTo(48.0);
        assertThat(r.threshold()).isEqualTo(64.0);
        assertThat(r.reason()).contains("300x48");
    }

    @Test
    void extremeAspectRatioEitherWay() {
        AspectRatioFilter filter = new AspectRatioFilter(2.5);
        assertThat(filter.check(sized(200, 100))).isEmpty();
        assertThat(filter.check(sized(100, 300)).orElseThrow().value()).isEqualTo(3.0);
        assertThat(filter.check(sized(300, 100)).orElseThrow().rule()).isEqualTo(RejectionRule.EXTREME_ASPECT_RATIO);
    }

    @Test
    void grayscaleIsRejectedAndAFewColouredPixelsDoNotCount() {
        GrayscaleFilter filter = new GrayscaleFilter(0.06);
        BufferedImage gray = TestImages.gray(TestImages.drawing(50, 30, Color.RED, 2));
        // Under 1% of the pixels coloured (a signature): still grayscale by the 99th percentile.
        gray.setRGB(3, 4, 0xff0000);
        gray.setRGB(47, 28, 0x00ff00);
        Rejection r = filter.check(candidate(gray)).orElseThrow();
        assertThat(r.rule()).isEqualTo(RejectionRule.ALREADY_GRAYSCALE);
        assertThat(r.value()).isLessThan(0.06);
        assertThat(filter.check(candidate(TestImages.drawing(50, 30, Color.RED, 2)))).isEmpty();
    }

    @Test
    void tooLittleColorCountsColouredPixels() {
        ColorFractionFilter filter = new ColorFractionFilter(0.15, 0.02);
        BufferedImage sketch = TestImages.solid(60, 20, Color.WHITE); // 1200 pixels
        for (int x = 0; x < 60; x++) {
            sketch.setRGB(x, 10, 0x000000);
        }
        for (int x = 0; x < 12; x++) {
            sketch.setRGB(x, 2, 0xff0000); // 12 red pixels = 1%
        }
        Rejection r = filter.check(candidate(sketch)).orElseThrow();
        assertThat(r.rule()).isEqualTo(RejectionRule.TOO_LITTLE_COLOR);
        assertThat(r.value()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.threshold()).isEqualTo(0.02);
        for (int x = 0; x < 60; x++) {
            sketch.setRGB(x, 3, 0x0000ff); // +60 blue = 6%
        }
        assertThat(filter.check(candidate(sketch))).isEmpty();
    }

    @Test
    void edgeDensityRejectsHatchingButNotAFlatDrawing() {
        EdgeDensityFilter filter = new EdgeDensityFilter(0.25, 0.45);
        BufferedImage hatching = TestImages.solid(48, 30, Color.WHITE);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 48; x += 3) {
                hatching.setRGB(x, y, 0x203080); // a vertical line every third column
            }
        }
        Rejection r = filter.check(candidate(hatching)).orElseThrow();
        assertThat(r.rule()).isEqualTo(RejectionRule.TOO_ENTANGLED);
        // The two columns beside each line see a step; the line's own column is symmetric: 2/3 of the pixels.
        assertThat(r.value()).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(filter.check(candidate(TestImages.drawing(48, 30, Color.ORANGE, 3)))).isEmpty();
    }

    @Test
    void edgeDensityOfOneVerticalStepOnANonSquareImage() {
        // 10 wide, 4 high: left half black, right half white; the Sobel step covers columns 4 and 5 only.
        float[] gray = new float[40];
        for (int y = 0; y < 4; y++) {
            for (int x = 5; x < 10; x++) {
                gray[y * 10 + x] = 1f;
            }
        }
        assertThat(EdgeDensityFilter.edgeDensity(gray, 10, 4, 0.25)).isEqualTo(0.2);
    }

    @Test
    void nearDuplicateNeedsCloseHashAndCloseColours() {
        DuplicateIndex index = new DuplicateIndex();
        NearDuplicateFilter filter = new NearDuplicateFilter(index, 6, 0.03);
        BufferedImage original = TestImages.drawing(64, 40, Color.MAGENTA, 4);
        ImageCandidate first = candidate(original);
        assertThat(filter.check(first)).isEmpty();
        index.add("aaa", first.fingerprint());
        assertThat(filter.check(first).orElseThrow().value()).isZero();
        assertThat(filter.check(first).orElseThrow().reason()).contains("aaa");
        // Same drawing, another fill colour: the luma layout is close but it is a different picture to colour.
        BufferedImage recoloured = TestImages.drawing(64, 40, new Color(40, 160, 40), 4);
        assertThat(filter.check(candidate(recoloured))).isEmpty();
        assertThat(filter.check(candidate(TestImages.drawing(64, 40, Color.MAGENTA, 7)))).isEmpty();
    }

    @Test
    void blockedTagsAndRatings() {
        BlockedTagFilter tags = new BlockedTagFilter(List.of("comic", "Multiple Girls"));
        assertThat(tags.check(List.of("cat", "smile"), "g")).isEmpty();
        Rejection r = tags.check(List.of("multiple_girls", "COMIC", "hat"), "g").orElseThrow();
        assertThat(r.rule()).isEqualTo(RejectionRule.BLOCKED_TAG);
        assertThat(r.value()).isEqualTo(2.0);
        assertThat(r.reason()).contains("[comic, multiple_girls]");
        RatingFilter rating = new RatingFilter(List.of("q", "e", "explicit"));
        assertThat(rating.check(List.of(), null)).isEmpty();
        assertThat(rating.check(List.of(), "g")).isEmpty();
        assertThat(rating.check(List.of(), "E").map(Rejection::rule)).isEqualTo(Optional.of(RejectionRule.RATING));
    }
}
