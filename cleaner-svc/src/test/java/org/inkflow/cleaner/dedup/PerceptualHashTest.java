package org.inkflow.cleaner.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.inkflow.cleaner.TestImages;
import org.inkflow.cleaner.normalize.NormalizeMode;
import org.inkflow.cleaner.normalize.Normalizer;
import org.inkflow.cleaner.normalize.SampleImage;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.image.SafeImageDecoder;
import org.junit.jupiter.api.Test;

class PerceptualHashTest {

    private final Normalizer normalizer = new Normalizer(64, NormalizeMode.PAD);
    private final SafeImageDecoder decoder = new SafeImageDecoder(1 << 24);

    private ImageFingerprint fingerprint(byte[] encoded) {
        return ImageFingerprint.of(SampleImage.of(normalizer.normalize(decoder.decode(encoded))));
    }

    @Test
    void aResizedReencodedCopyIsCloseAndAnotherPictureIsFar() {
        BufferedImage original = TestImages.drawing(120, 90, Color.ORANGE, 6);
        ImageFingerprint a = fingerprint(TestImages.png(original));
        ImageFingerprint copy = fingerprint(TestImages.jpeg(ImageArrays.resize(original, 110, 82)));
        ImageFingerprint other = fingerprint(TestImages.png(TestImages.drawing(120, 90, Color.ORANGE, 9)));
        assertThat(a.hashDistance(copy)).isLessThanOrEqualTo(6);
        assertThat(a.colorDistance(copy)).isLessThan(0.03);
        assertThat(a.hashDistance(other)).isGreaterThan(10);
    }

    @Test
    void openmojiSkinTonesAreNotDuplicatesOfEachOther() {
        ImageFingerprint light = fingerprint(TestImages.openmoji("color", "1F44B-1F3FB"));
        ImageFingerprint mediumLight = fingerprint(TestImages.openmoji("color", "1F44B-1F3FC"));
        // The luma hash alone would call them the same picture; the colour layout tells them apart.
        assertThat(light.colorDistance(mediumLight)).isGreaterThan(0.03);
    }

    @Test
    void hashOfANonSquareArrayDependsOnOrientation() {
        // 40 wide, 20 high: a bright left half; transposed content must hash differently.
        float[] wide = new float[40 * 20];
        float[] tall = new float[20 * 40];
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                wide[y * 40 + x] = x < 20 ? 1f : 0f;
                tall[x * 20 + y] = x < 20 ? 1f : 0f;
            }
        }
        long a = PerceptualHash.of(wide, 40, 20);
        long b = PerceptualHash.of(tall, 20, 40);
        assertThat(PerceptualHash.distance(a, a)).isZero();
        assertThat(PerceptualHash.distance(a, b)).isGreaterThan(8);
        assertThat(PerceptualHash.parseHex(PerceptualHash.hex(a))).isEqualTo(a);
    }

    @Test
    void fingerprintRoundTripsThroughHex() {
        ImageFingerprint f = ImageFingerprint.of(SampleImage.of(TestImages.drawing(48, 32, Color.BLUE, 2)));
        assertThat(ImageFingerprint.parse(f.perceptualHashHex(), f.colorGridHex())).isEqualTo(f);
    }

    @Test
    void indexFindsTheNearestWithinBothLimits() {
        DuplicateIndex index = new DuplicateIndex();
        byte[] grid = new byte[48];
        index.add("far", new ImageFingerprint(0xffffL, grid));
        index.add("near", new ImageFingerprint(0b111L, grid));
        assertThat(index.nearest(new ImageFingerprint(0b1L, grid), 6, 0.03).orElseThrow().sha256()).isEqualTo("near");
        assertThat(index.nearest(new ImageFingerprint(0b1L, grid), 6, 0.03).orElseThrow().distance()).isEqualTo(2);
        byte[] brighter = new byte[48];
        brighter[5] = 40;
        assertThat(index.nearest(new ImageFingerprint(0b1L, brighter), 6, 0.03)).isEmpty();
        assertThat(index.nearest(new ImageFingerprint(0xff00000L, grid), 6, 0.03)).isEmpty();
    }
}
