package org.inkflow.cleaner.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitAssignerTest {

    @Test
    void twoThousandKeysLandWithinThreePercentOfSeventyTwentyTen() {
        SplitAssigner assigner = new SplitAssigner(0.7, 0.2, 0.1);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            counts.merge(assigner.assign("group-" + i), 1, Integer::sum);
        }
        assertThat(counts.get("train") / 2000.0).isCloseTo(0.7, org.assertj.core.data.Offset.offset(0.03));
        assertThat(counts.get("validation") / 2000.0).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.03));
        assertThat(counts.get("test") / 2000.0).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.03));
    }

    @Test
    void stableAcrossInstancesAndRunsAndIndependentOfOrder() {
        SplitAssigner a = new SplitAssigner(0.7, 0.2, 0.1);
        SplitAssigner b = new SplitAssigner(0.7, 0.2, 0.1);
        for (int i = 1999; i >= 0; i--) {
            assertThat(a.assign("k" + i)).isEqualTo(b.assign("k" + i));
        }
        // Pinned values: a change of the hash would silently reshuffle every dataset's splits.
        assertThat(SplitAssigner.unitInterval("1F44B")).isCloseTo(unit("1F44B"), org.assertj.core.data.Offset.offset(0.0));
        assertThat(a.assign("abc")).isEqualTo(expected("abc", 0.7, 0.9));
    }

    @Test
    void otherFractionsAreHonoured() {
        SplitAssigner onlyTrain = new SplitAssigner(1.0, 0.0, 0.0);
        for (int i = 0; i < 100; i++) {
            assertThat(onlyTrain.assign("g" + i)).isEqualTo("train");
        }
        SplitAssigner half = new SplitAssigner(0.5, 0.5, 0.0);
        long validation = java.util.stream.IntStream.range(0, 2000).mapToObj(i -> half.assign("h" + i)).filter("validation"::equals).count();
        assertThat(validation / 2000.0).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.03));
    }

    @Test
    void badFractionsSayWhatIsWrong() {
        assertThatThrownBy(() -> new SplitAssigner(0.7, 0.2, 0.2)).hasMessageContaining("add up to 1");
        assertThatThrownBy(() -> new SplitAssigner(-0.1, 0.6, 0.5)).hasMessageContaining("[0,1]");
        assertThatThrownBy(() -> new SplitAssigner(0.0, 0.5, 0.5)).hasMessageContaining("train fraction");
    }

    /** The same definition written out independently: first 8 bytes of SHA-256, top 53 bits over 2^53. */
    private static double unit(String key) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.math.BigInteger top = new java.math.BigInteger(1, java.util.Arrays.copyOf(d, 8)).shiftRight(11);
            return top.doubleValue() / Math.pow(2, 53);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String expected(String key, double trainBound, double validationBound) {
        double u = unit(key);
        return u < trainBound ? "train" : u < validationBound ? "validation" : "test";
    }
}
