package org.inkflow.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.inkflow.model.serving.ImageBatch;
import org.inkflow.model.training.NetworkPictures.Quantiles;
import org.junit.jupiter.api.Test;

/** The pictures of the network on small arrays whose answers are known. */
class NetworkPicturesTest {

    @Test
    void quantilesAreTensorBoardsBasisPointsOfTheFiniteValues() {
        float[] values = new float[101];
        for (int i = 0; i <= 100; i++) {
            values[i] = 100 - i;
        }
        float[] q = NetworkPictures.quantiles(values);
        assertThat(q).containsExactly(0f, 7f, 16f, 31f, 50f, 69f, 84f, 93f, 100f);
        assertThat(NetworkPictures.quantiles(new float[] {Float.NaN, 2f, Float.NaN})).containsOnly(2f);
        assertThat(NetworkPictures.quantiles(new float[] {Float.NaN})[4]).isNaN();
    }

    @Test
    void eachFilterIsATileColoredBySignOnOneSharedScale() {
        // [k=2, k=2, in=1, out=3]: filter 1 has +1 at (y0,x1) and -0.5 at (y1,x0); the rest 0.
        float[] kernel = new float[2 * 2 * 1 * 3];
        kernel[(0 * 2 + 1) * 3 + 1] = 1f;
        kernel[(1 * 2 + 0) * 3 + 1] = -0.5f;
        int scale = 6;
        BufferedImage grid = NetworkPictures.filterGrid(kernel, 2, 1, 3, scale);
        int gap = 2;
        int tile = 2 * scale;
        // 3 filters on a 2x2 grid of tiles
        assertThat(grid.getWidth()).isEqualTo(2 * (tile + gap) + gap);
        assertThat(grid.getHeight()).isEqualTo(2 * (tile + gap) + gap);
        int x0 = gap + (tile + gap);
        int y0 = gap;
        assertThat(new Color(grid.getRGB(x0 + scale + 1, y0 + 1))).isEqualTo(new Color(255, 0, 0));
        assertThat(new Color(grid.getRGB(x0 + 1, y0 + scale + 1))).isEqualTo(NetworkPictures.diverging(-0.5f));
        assertThat(new Color(grid.getRGB(x0 + 1, y0 + 1))).isEqualTo(Color.WHITE);
        assertThatThrownBy(() -> NetworkPictures.filterGrid(new float[5], 2, 1, 3, scale))
                .hasMessageContaining("not 2x2x1x3");
    }

    @Test
    void theStrongestMapsAndTheInputsThatPeakThemAreFound() {
        // [N=4, h=2, w=3, c=3]: channel 2 has the highest mean, channel 0 the next; sample 3 peaks channel 2.
        int n = 4;
        int hw = 6;
        int c = 3;
        float[] data = new float[n * hw * c];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < hw; p++) {
                data[(i * hw + p) * c] = 0.5f;
                data[(i * hw + p) * c + 1] = -1f;
                data[(i * hw + p) * c + 2] = 1f;
            }
        }
        data[(3 * hw + 4) * c + 2] = 9f;
        data[(1 * hw + 0) * c + 2] = 5f;
        ImageBatch activations = new ImageBatch(n, 2, 3, c, data);
        assertThat(NetworkPictures.strongestMaps(activations, 2)).containsExactly(2, 0);
        assertThat(NetworkPictures.topInputs(activations, 2, 3)).containsExactly(3, 1, 0);

        ImageBatch inputs = new ImageBatch(n, 4, 6, 1, new float[n * 24]);
        BufferedImage picture = NetworkPictures.topActivations("mid_conv2", inputs, activations, 2);
        // one row per map shown, 4 inputs (fewer than 9) per row, each with its map, 8x the 4x6 input (aspect kept)
        assertThat(picture.getWidth()).isEqualTo(4 * (2 * 48 + 12) + 4);
        assertThat(picture.getHeight()).isEqualTo(16 + 2 * (32 + 16 + 4));
        assertThatThrownBy(() -> NetworkPictures.topActivations("x", new ImageBatch(3, 4, 6, 1, new float[72]),
                activations, 2)).hasMessageContaining("3 inputs but 4 activations");
    }

    @Test
    void distributionsDrawOnePanelPerLayerAndKindAndShadeTheBands() {
        List<Quantiles> history = List.of(
                new Quantiles(10, new float[] {-1, -0.8f, -0.5f, -0.2f, 0, 0.2f, 0.5f, 0.8f, 1}),
                new Quantiles(20, new float[] {-2, -1.6f, -1f, -0.4f, 0, 0.4f, 1f, 1.6f, 2}));
        BufferedImage image = NetworkPictures.distributions(List.of("enc0_conv1", "out"), List.of("weights", "gradients"),
                Map.of("enc0_conv1", Map.of("weights", history)));
        assertThat(image.getWidth()).isEqualTo(96 + 2 * (190 + 8));
        assertThat(image.getHeight()).isEqualTo(20 + 2 * (84 + 8));
        // The median band is drawn in the first panel's middle; the empty panels stay background.
        Color middle = new Color(image.getRGB(96 + 95, 20 + 42));
        assertThat(middle).isNotEqualTo(new Color(0xf6f6f6)).isNotEqualTo(Color.WHITE);
        Color empty = new Color(image.getRGB(96 + 198 + 95, 20 + 92 + 42));
        assertThat(empty).isEqualTo(new Color(0xf6f6f6));
    }

    @Test
    void aHistogramCountsIntoItsBins() {
        float[] values = new float[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i < 90 ? 1f : 0f;
        }
        BufferedImage image = NetworkPictures.histogram("input", values, 2);
        // the right bin (90 values) is the tallest: its bar reaches near the top, the left one stays low
        int base = image.getHeight() - 24;
        assertThat(new Color(image.getRGB(image.getWidth() * 3 / 4, base - (base - 24) + 2))).isEqualTo(new Color(0x3b6ea8));
        assertThat(new Color(image.getRGB(image.getWidth() / 4, base - (base - 24) / 2))).isEqualTo(Color.WHITE);
    }
}
