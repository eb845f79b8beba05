package org.inkflow.heldout;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldoutScorerTest {

    /** 10x10: left half orange with an ink line at x = 5, right half white. */
    private static HeldoutPair pair(String name) {
        int size = 10;
        float[] line = new float[size * size];
        float[] rgb = new float[size * size * 3];
        for (int i = 0; i < size * size; i++) {
            int x = i % size;
            line[i] = x == 5 ? 0f : 1f;
            float[] c = x < 5 ? new float[] {1f, 0.6f, 0.1f} : x == 5 ? new float[] {0, 0, 0} : new float[] {1, 1, 1};
            System.arraycopy(c, 0, rgb, 3 * i, 3);
        }
        return new HeldoutPair(name, size, line, rgb);
    }

    /** Returns the target itself, blended towards gray by {@code error}; records the hints it was given. */
    private static final class Fake implements PairColorizer {
        final List<BufferedImage> hintsSeen = new ArrayList<>();
        final float error;

        Fake(float error) {
            this.error = error;
        }

        @Override
        public String id() {
            return "fake";
        }

        @Override
        public boolean takesHints() {
            return true;
        }

        @Override
        public float[] colorize(HeldoutPair pair, BufferedImage hints) {
            hintsSeen.add(hints);
            float[] out = pair.target().clone();
            float e = hints == null ? error : error / 2;
            for (int i = 0; i < out.length; i++) {
                out[i] = out[i] * (1 - e) + 0.5f * e;
            }
            return out;
        }
    }

    @Test
    void rowsCompareEachColorizerWithLineCopyOnTheSamePairsWithAndWithoutHints() {
        Fake fake = new Fake(0.2f);
        List<HeldoutScorer.Row> rows = new HeldoutScorer(3, 0, 1).score(List.of(pair("a"), pair("b")), 10, List.of(fake));

        assertThat(rows).extracting(HeldoutScorer.Row::colorizer).containsExactly("line-copy", "fake", "fake");
        assertThat(rows).extracting(HeldoutScorer.Row::hintPoints).containsExactly(0, 0, 3);
        HeldoutScorer.Row lineCopy = rows.get(0);
        assertThat(lineCopy.psnrGain()).isZero();
        assertThat(lineCopy.scores().count()).isEqualTo(2);
        HeldoutScorer.Row plain = rows.get(1);
        HeldoutScorer.Row hinted = rows.get(2);
        assertThat(plain.psnrGain()).isPositive(); // closer to the orange target than gray line art is
        assertThat(plain.ssimGain()).isPositive();
        assertThat(hinted.scores().psnr()).isGreaterThan(plain.scores().psnr()); // the fake halves its error with hints
        // Two pairs without hints, then two with: non-null, non-empty hint maps.
        assertThat(fake.hintsSeen).hasSize(4);
        assertThat(fake.hintsSeen.subList(0, 2)).containsOnlyNulls();
        assertThat(fake.hintsSeen.subList(2, 4)).doesNotContainNull()
                .allSatisfy(h -> assertThat(h.getWidth()).isEqualTo(10));

        String table = HeldoutScorer.table(rows);
        assertThat(table).contains("| 10 | line-copy | none | 2 |").contains("| 10 | fake | 3 points | 2 |")
                .contains("+0.0000 |");
        assertThat(table.lines()).hasSize(5);
    }

    @Test
    void withoutTheHintsFlagThereIsNoHintsRow() {
        Fake fake = new Fake(0.1f);
        List<HeldoutScorer.Row> rows = new HeldoutScorer(0, 1, 1).score(List.of(pair("a")), 10, List.of(fake));
        assertThat(rows).hasSize(2);
        assertThat(fake.hintsSeen).containsOnlyNulls();
    }
}
