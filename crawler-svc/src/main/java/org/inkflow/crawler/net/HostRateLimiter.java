package org.inkflow.crawler.net;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Spaces requests to one host (scheme, name and port) at least {@code 1/rate} seconds apart, across all jobs. Each
 * caller reserves the next free slot under a lock and then waits outside it, so callers queue fairly. The interval
 * is also counted from the end of the previous exchange ({@link #completed}), so a slow answer cannot bunch the
 * next requests up at the server.
 */
public final class HostRateLimiter {

    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final Map<String, Long> nextFree = new HashMap<>();

    public HostRateLimiter(LongSupplier nanoClock, Sleeper sleeper) {
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    public static HostRateLimiter system() {
        return new HostRateLimiter(System::nanoTime, Sleeper.system());
    }

    /** Blocks until this host may be sent one more request at {@code requestsPerSecond}. */
    public void acquire(String hostKey, double requestsPerSecond) throws InterruptedException {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("requestsPerSecond must be > 0, was " + requestsPerSecond);
        }
        long interval = (long) Math.ceil(1e9 / requestsPerSecond);
        long wait;
        synchronized (nextFree) {
            long now = nanoClock.getAsLong();
            long slot = Math.max(now, nextFree.getOrDefault(hostKey, now));
            nextFree.put(hostKey, slot + interval);
            wait = slot - now;
        }
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }

    /** The exchange acquired for this host just ended: the next request waits a full interval from now. */
    public void completed(String hostKey, double requestsPerSecond) {
        long interval = (long) Math.ceil(1e9 / requestsPerSecond);
        synchronized (nextFree) {
            long earliest = nanoClock.getAsLong() + interval;
            nextFree.merge(hostKey, earliest, Math::max);
        }
    }
}
