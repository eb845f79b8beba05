package org.inkflow.evaluator.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.inkflow.evaluator.scoring.MeanColorBaseline;
import org.junit.jupiter.api.Test;

class MeanColorDocumentTest {

    @Test
    void theStoredMeanImageReadsBackBitForBit() {
        int h = 3;
        int w = 4;
        float[] values = new float[h * w * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i) * 0.5f + 0.5f;
        }
        MeanColorBaseline mean = new MeanColorBaseline(h, w, values);
        MeanColorBaseline back = BaselineStore.readMeanColor(BaselineStore.writeMeanColor(mean), "k");
        assertThat(back.height()).isEqualTo(h);
        assertThat(back.width()).isEqualTo(w);
        assertThat(back.mean()).containsExactly(values);
    }

    @Test
    void keysLiveUnderAPrefixNoModelCanUse() {
        assertThat(BaselineStore.scoresKey("openmoji", "3")).isEqualTo("evaluations/_baselines/openmoji/3/scores.json");
        assertThat(BaselineStore.meanColorPngKey("openmoji", "3")).endsWith("/mean-color.png");
    }
}
