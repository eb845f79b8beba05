package org.inkflow.common.messaging;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting, bounded, for a unit of work to end after a cancel record was sent to its owner (ADR 0028). The owner may
 * be another replica, so the only signal is the unit's stored status: it is read again every {@link #POLL} until it
 * has ended, is gone, or {@code wait} is over. A REST cancel answers with what this returns: ended (200) or still on
 * its way to the owner (202).
 */
public final class WorkEnd {

    /** How often the stored status is read while waiting. */
    public static final Duration POLL = Duration.ofMillis(100);

    private WorkEnd() {
    }

    /**
     * @param status reads the unit's status (empty once there is no such unit)
     * @param ended  whether a status is final
     * @return the last status read: ended, or as it was when {@code wait} ran out (or the thread was interrupted)
     */
    public static <T> Optional<T> await(Supplier<Optional<T>> status, Predicate<T> ended, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<T> now = status.get();
            if (now.isEmpty() || ended.test(now.get()) || System.nanoTime() >= deadline) {
                return now;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
        }
    }
}
