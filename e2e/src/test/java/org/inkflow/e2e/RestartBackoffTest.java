package org.inkflow.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A clock the test moves by hand. */
    private Instant now = T0;

    private Instant after(Duration d) {
        now = now.plus(d);
        return now;
    }

    @Test
    void delaysDoubleWithEachQuickCrashUpToTheCap() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
        long[] expected = {1, 2, 4, 8, 16, 30, 30};
        for (long seconds : expected) {
            Instant started = now;
            assertEquals(Duration.ofSeconds(seconds), backoff.delayAfterExit(started, after(Duration.ofSeconds(5))));
        }
    }

    @Test
    void aProcessThatStayedUpLongEnoughStartsTheBackoffOver() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
        backoff.delayAfterExit(now, after(Duration.ofSeconds(1)));
        backoff.delayAfterExit(now, after(Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(4), backoff.delayAfterExit(now, after(Duration.ofSeconds(59))));

        Instant started = now;
        assertEquals(Duration.ofSeconds(1), backoff.delayAfterExit(started, after(Duration.ofSeconds(60))));
        assertEquals(Duration.ofSeconds(2), backoff.delayAfterExit(now, after(Duration.ofSeconds(3))));
    }

    @Test
    void eachCopyCountsItsOwnCrashes() {
        RestartBackoff backoff = RestartBackoff.DEFAULT.copy();
        backoff.delayAfterExit(T0, T0);
        backoff.delayAfterExit(T0, T0);
        assertEquals(Duration.ofSeconds(1), RestartBackoff.DEFAULT.copy().delayAfterExit(T0, T0));
    }

    @Test
    void rejectsACapBelowTheFirstDelay() {
        assertThrows(IllegalArgumentException.class,
                () -> new RestartBackoff(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(60)));
    }
}
