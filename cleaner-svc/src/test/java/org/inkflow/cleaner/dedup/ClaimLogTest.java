package org.inkflow.cleaner.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shared near-duplicate decision on small logs: first winning claim in log order wins, the same on every reader. */
class ClaimLogTest {

    static final byte[] RED = grid(200, 30, 30);
    static final byte[] BLUE = grid(30, 30, 200);

    static byte[] grid(int r, int g, int b) {
        byte[] grid = new byte[ImageFingerprint.GRID * ImageFingerprint.GRID * 3];
        for (int i = 0; i < grid.length; i += 3) {
            grid[i] = (byte) r;
            grid[i + 1] = (byte) g;
            grid[i + 2] = (byte) b;
        }
        return grid;
    }

    static ImageFingerprint fp(long hash, byte[] grid) {
        return new ImageFingerprint(hash, grid);
    }

    static String sha(char c) {
        return String.valueOf(c).repeat(64);
    }

    ClaimLog log() {
        return new ClaimLog(6, 0.03, (s, f) -> { });
    }

    @Test
    void theFirstClaimOfANearDuplicatePairWinsWhicheverShaIsSmaller() {
        ClaimLog log = log();
        long a = 0xF0F0_0000_1234_5678L;
        long b = a ^ 0b111_111L; // 6 bits apart: a near-duplicate
        assertThat(log.apply(0, sha('f'), fp(a, RED)).won()).isTrue();
        ClaimLog.Decision second = log.apply(1, sha('0'), fp(b, RED));
        assertThat(second.won()).isFalse();
        assertThat(second.winner()).isEqualTo(sha('f'));
        assertThat(second.distance()).isEqualTo(6);
    }

    @Test
    void sevenBitsApartOrAnotherColourIsNotADuplicate() {
        ClaimLog log = log();
        long a = 0x0123_4567_89AB_CDEFL;
        assertThat(log.apply(0, sha('a'), fp(a, RED)).won()).isTrue();
        assertThat(log.apply(1, sha('b'), fp(a ^ 0b1111111L, RED)).won()).as("7 bits").isTrue();
        assertThat(log.apply(2, sha('c'), fp(a, BLUE)).won()).as("same hash, other colour layout").isTrue();
    }

    @Test
    void aLosingClaimRejectsNothingAfterIt() {
        ClaimLog log = log();
        long x = 0L;
        long y = 0b111_111L;          // 6 from x: loses to x
        long z = 0b111_111_111_111L;  // 6 from y, 12 from x: y lost, so z wins
        assertThat(log.apply(0, sha('1'), fp(x, RED)).won()).isTrue();
        assertThat(log.apply(1, sha('2'), fp(y, RED)).won()).isFalse();
        assertThat(log.apply(2, sha('3'), fp(z, RED)).won()).isTrue();
        assertThat(log.winners()).isEqualTo(2);
    }

    @Test
    void aSecondClaimOfTheSameSampleKeepsItsFirstDecision() {
        ClaimLog log = log();
        assertThat(log.apply(0, sha('1'), fp(0L, RED)).won()).isTrue();
        assertThat(log.apply(1, sha('2'), fp(1L, RED)).won()).isFalse();
        // A redelivered raw image claimed again: still the loser; and the winner claimed again is still the winner.
        assertThat(log.apply(2, sha('2'), fp(1L, RED)).won()).isFalse();
        assertThat(log.apply(3, sha('1'), fp(0L, RED)).won()).isTrue();
        assertThat(log.decision(sha('2')).orElseThrow().winner()).isEqualTo(sha('1'));
        assertThat(log.applied()).isEqualTo(3);
    }

    @Test
    void readersOfTheSameLogDecideTheSameWhateverTheyHeardBefore() {
        // Two replicas, each claiming one member of every pair: whoever wrote first, both readers agree, and each
        // pair has exactly one winner.
        Random random = new Random(7);
        List<Object[]> claims = new ArrayList<>();
        for (int pair = 0; pair < 40; pair++) {
            long hash = random.nextLong();
            long near = hash ^ (1L << random.nextInt(64)) ^ (1L << random.nextInt(64));
            String first = String.format("%064x", pair * 2L);
            String second = String.format("%064x", pair * 2L + 1);
            claims.add(new Object[] {first, fp(hash, RED)});
            claims.add(new Object[] {second, fp(near, RED)});
        }
        java.util.Collections.shuffle(claims, random);
        ClaimLog a = new ClaimLog(6, 0.03, (s, f) -> { });
        ClaimLog b = new ClaimLog(6, 0.03, (s, f) -> { });
        for (int i = 0; i < claims.size(); i++) {
            a.apply(i, (String) claims.get(i)[0], (ImageFingerprint) claims.get(i)[1]);
        }
        for (int i = 0; i < claims.size(); i++) {
            b.apply(i, (String) claims.get(i)[0], (ImageFingerprint) claims.get(i)[1]);
        }
        for (int pair = 0; pair < 40; pair++) {
            String first = String.format("%064x", pair * 2L);
            String second = String.format("%064x", pair * 2L + 1);
            boolean firstWon = a.decision(first).orElseThrow().won();
            assertThat(b.decision(first).orElseThrow().won()).isEqualTo(firstWon);
            assertThat(b.decision(second).orElseThrow().won()).isEqualTo(a.decision(second).orElseThrow().won());
            assertThat(Arrays.asList(firstWon, a.decision(second).orElseThrow().won())).as("pair " + pair)
                    .containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void winnersAreToldInLogOrderAndWaitersWakeWhenTheReaderPassesTheirOffset() throws Exception {
        List<String> told = new ArrayList<>();
        ClaimLog log = new ClaimLog(6, 0.03, (s, f) -> told.add(s));
        assertThat(log.awaitApplied(0, 10)).as("an empty log is read").isTrue();
        assertThat(log.awaitApplied(1, 10)).as("offset 0 not read yet").isFalse();
        Thread reader = new Thread(() -> {
            log.skip(0); // an unreadable record
            log.apply(1, sha('9'), fp(42L, BLUE));
        });
        reader.start();
        assertThat(log.awaitApplied(2, 5_000)).isTrue();
        reader.join();
        assertThat(told).containsExactly(sha('9'));
        assertThat(Map.of("applied", log.applied())).containsEntry("applied", 1L);
    }

    @Test
    void switchedOffTheRuleEveryClaimWins() {
        ClaimLog log = new ClaimLog(-1, 0.03, (s, f) -> { });
        assertThat(log.apply(0, sha('1'), fp(5L, RED)).won()).isTrue();
        assertThat(log.apply(1, sha('2'), fp(5L, RED)).won()).isTrue();
    }
}
