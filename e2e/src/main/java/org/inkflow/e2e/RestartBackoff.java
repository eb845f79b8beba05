package org.inkflow.e2e;

import java.time.Duration;
import java.time.Instant;

/**
 * When to restart a service process that exited, as Kubernetes' CrashLoopBackOff does: the delay doubles from
 * {@code initial} with each consecutive crash up to {@code max}, and starts over once a process stayed up for
 * {@code resetAfter}. Pure decision logic; the caller brings the times.
 */
public final class RestartBackoff {

    /** The demo's policy: 1 s, 2 s, 4 s ... capped at 30 s, reset after 60 s up. */
    public static final RestartBackoff DEFAULT =
            new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

    private final Duration initial;
    private final Duration max;
    private final Duration resetAfter;
    private int consecutive;

    public RestartBackoff(Duration initial, Duration max, Duration resetAfter) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.resetAfter = resetAfter;
    }

    /** A fresh policy with the same settings (each service counts its own crashes). */
    public RestartBackoff copy() {
        return new RestartBackoff(initial, max, resetAfter);
    }

    /** The delay before restarting a process started at {@code startedAt} that exited at {@code exitedAt}. */
    public synchronized Duration delayAfterExit(Instant startedAt, Instant exitedAt) {
        if (Duration.between(startedAt, exitedAt).compareTo(resetAfter) >= 0) {
            consecutive = 0;
        }
        Duration delay = initial;
        for (int i = 0; i < consecutive && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        consecutive++;
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
