package org.inkflow.cleaner.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The banded index answers exactly what comparing every fingerprint answers. */
class DuplicateIndexTest {

    static final byte[] GRID = new byte[ImageFingerprint.GRID * ImageFingerprint.GRID * 3];

    static String sha(int i) {
        return String.format("%064x", i);
    }

    /** A hash {@code bits} bits from {@code hash}, the flipped bits spread at random. */
    static long flip(long hash, int bits, Random random) {
        long out = hash;
        int flipped = 0;
        while (flipped < bits) {
            long bit = 1L << random.nextInt(64);
            if (((out ^ hash) & bit) == 0) {
                out ^= bit;
                flipped++;
            }
        }
        return out;
    }

    @Test
    void bandsFindEveryHashWithinTheirDistanceAsAFullScanDoes() {
        Random random = new Random(11);
        for (int distance : new int[] {0, 1, 3, 6, 9, 15}) {
            DuplicateIndex banded = new DuplicateIndex(distance);
            DuplicateIndex scanned = new DuplicateIndex(-1);
            long[] hashes = new long[60];
            for (int i = 0; i < hashes.length; i++) {
                // Clusters: every third hash is near an earlier one, at distances up to 2*distance + 1.
                hashes[i] = i % 3 == 0 || i == 0 ? random.nextLong() : flip(hashes[i - 1], random.nextInt(2 * distance + 2), random);
                banded.add(sha(i), new ImageFingerprint(hashes[i], GRID));
                scanned.add(sha(i), new ImageFingerprint(hashes[i], GRID));
            }
            for (int q = 0; q < 200; q++) {
                long query = flip(hashes[random.nextInt(hashes.length)], random.nextInt(distance + 3), random);
                ImageFingerprint fp = new ImageFingerprint(query, GRID);
                for (int limit = 0; limit <= distance; limit++) {
                    Optional<DuplicateIndex.Match> a = banded.nearest(fp, limit, 0.03);
                    Optional<DuplicateIndex.Match> b = scanned.nearest(fp, limit, 0.03);
                    assertThat(a).as("distance %d, limit %d, query %016x", distance, limit, query).isEqualTo(b);
                }
                // A query beyond the bands' distance falls back to the full scan.
                assertThat(banded.nearest(fp, distance + 2, 0.03)).isEqualTo(scanned.nearest(fp, distance + 2, 0.03));
            }
        }
    }

    @Test
    void exactlyAtTheDistanceIsFoundOneBitMoreIsNot() {
        DuplicateIndex index = new DuplicateIndex(6);
        long hash = 0x00FF_00FF_00FF_00FFL;
        index.add(sha(1), new ImageFingerprint(hash, GRID));
        // The six flipped bits in six different bands of the seven: only the seventh band still agrees.
        long six = hash ^ 1L ^ (1L << 10) ^ (1L << 19) ^ (1L << 28) ^ (1L << 37) ^ (1L << 46);
        assertThat(index.nearest(new ImageFingerprint(six, GRID), 6, 0.03)).map(DuplicateIndex.Match::distance).contains(6);
        long seven = six ^ (1L << 60);
        assertThat(index.nearest(new ImageFingerprint(seven, GRID), 6, 0.03)).isEmpty();
    }

    @Test
    void tiesNameTheSmallestShaAndColourStillDecides() {
        DuplicateIndex index = new DuplicateIndex(6);
        byte[] other = Arrays.copyOf(GRID, GRID.length);
        other[5] = (byte) 40; // one cell's blue 40/255 off: beyond 0.03 (its mean over R, G, B is 0.052)
        index.add(sha(9), new ImageFingerprint(3L, GRID));
        index.add(sha(4), new ImageFingerprint(5L, GRID)); // same distance (1 bit) from 1L
        index.add(sha(2), new ImageFingerprint(1L, other));
        assertThat(index.nearest(new ImageFingerprint(1L, GRID), 6, 0.03)).map(DuplicateIndex.Match::sha256).contains(sha(4));
        assertThat(index.nearest(new ImageFingerprint(1L, GRID), -1, 0.03)).isEmpty();
    }
}
