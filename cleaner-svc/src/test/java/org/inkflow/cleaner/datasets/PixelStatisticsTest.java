package org.inkflow.cleaner.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.inkflow.common.artifacts.DatasetStats;
import org.junit.jupiter.api.Test;

class PixelStatisticsTest {

    @Test
    void meanStdAndHistogramOverTwoNonSquareImages() {
        // Image 1: 3x2 input; image 2: 2x1 input. Targets: R = input, G = 0.5, B = 1 - input.
        float[] in1 = {0f, 0.25f, 0.5f, 0.75f, 1f, 1f};
        float[] in2 = {0.0625f, 0.999f};
        DatasetStats stats = PixelStatistics.combine(List.of(
                PixelStatistics.of(in1, target(in1)), PixelStatistics.of(in2, target(in2))));
        double[] all = {0, 0.25, 0.5, 0.75, 1, 1, 0.0625, 0.999};
        double mean = java.util.Arrays.stream(all).average().orElseThrow();
        double std = Math.sqrt(java.util.Arrays.stream(all).map(v -> (v - mean) * (v - mean)).sum() / all.length);
        assertThat(stats.input().mean()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(stats.input().std()).isCloseTo(std, org.assertj.core.data.Offset.offset(1e-7));
        double[] h = stats.input().histogram();
        assertThat(h).hasSize(16);
        assertThat(h[0]).isEqualTo(1 / 8.0); // 0
        assertThat(h[1]).isEqualTo(1 / 8.0); // 0.0625 is the start of bin 1
        assertThat(h[4]).isEqualTo(1 / 8.0); // 0.25
        assertThat(h[15]).isEqualTo(3 / 8.0); // 1, 1 and 0.999
        assertThat(java.util.Arrays.stream(h).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(stats.target().mean()[1]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(stats.target().std()[1]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(stats.target().mean()[2]).isCloseTo(1 - mean, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(stats.target().std()[0]).isCloseTo(std, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(stats.samples()).isEqualTo(2);
        assertThat(stats.pixels()).isEqualTo(8);
    }

    @Test
    void contactSheetPutsInputBesideTarget() {
        float[] input = new float[4 * 4];
        float[] target = new float[4 * 4 * 3];
        for (int i = 0; i < 16; i++) {
            target[i * 3] = 1f; // red
        }
        BufferedImage sheet = ContactSheet.render(List.of(new ContactSheet.Tile(input, target),
                new ContactSheet.Tile(input, target), new ContactSheet.Tile(input, target)), 4, 2);
        int g = ContactSheet.GAP;
        assertThat(sheet.getWidth()).isEqualTo(g + 2 * (2 * 4 + g));
        assertThat(sheet.getHeight()).isEqualTo(g + 2 * (4 + g));
        assertThat(sheet.getRGB(g, g) & 0xffffff).isEqualTo(0x000000); // input: black ink
        assertThat(sheet.getRGB(g + 4, g) & 0xffffff).isEqualTo(0xff0000); // target beside it
        assertThat(sheet.getRGB(g, g + 4 + g) & 0xffffff).isEqualTo(0x000000); // third tile, second row
    }

    private static float[] target(float[] input) {
        float[] t = new float[input.length * 3];
        for (int i = 0; i < input.length; i++) {
            t[i * 3] = input[i];
            t[i * 3 + 1] = 0.5f;
            t[i * 3 + 2] = 1 - input[i];
        }
        return t;
    }
}
