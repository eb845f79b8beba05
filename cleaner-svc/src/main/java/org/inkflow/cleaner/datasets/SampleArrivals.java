package org.inkflow.cleaner.datasets;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When accepted samples arrived, as the replicas' shared hash log tells it (every winning claim with the time it was
 * claimed, ADR 0034), so every replica knows every replica's arrivals and times them alike. Keeps one entry per
 * distinct instant; {@link #forgetBefore} drops what a version already covers. Thread-safe.
 */
public final class SampleArrivals {

    private final ConcurrentSkipListMap<Instant, Integer> times = new ConcurrentSkipListMap<>();
    private final AtomicLong count = new AtomicLong();
    private volatile Instant last;

    /** A sample was accepted (its claim won) at {@code at}. */
    public void arrived(Instant at) {
        times.merge(at, 1, Integer::sum);
        synchronized (this) {
            if (last == null || at.isAfter(last)) {
                last = at;
            }
        }
        count.incrementAndGet();
    }

    /** The first arrival strictly after {@code since} (after anything when empty). */
    public Optional<Instant> firstAfter(Optional<Instant> since) {
        if (since.isPresent()) {
            return Optional.ofNullable(times.higherKey(since.get()));
        }
        return times.isEmpty() ? Optional.empty() : Optional.of(times.firstKey());
    }

    public Optional<Instant> last() {
        return Optional.ofNullable(last);
    }

    /** How many arrivals were told so far: a change means the accepted count may have changed. */
    public long count() {
        return count.get();
    }

    /** Drops arrivals before {@code at}: a version started then covers them. */
    public void forgetBefore(Instant at) {
        times.headMap(at).clear();
    }
}
