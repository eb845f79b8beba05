package org.inkflow.crawler.jobs;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.inkflow.crawler.crawl.CrawlJobException;
import org.inkflow.crawler.crawl.ItemException;
import org.inkflow.crawler.crawl.Reasons;
import org.jboss.logging.Logger;

/**
 * Runs the CPU- and memory-heavy step of one item (rendering an SVG, probing a downloaded image's size) on a worker
 * thread under a deadline, so that a hostile item fails alone instead of taking its job or the JVM with it:
 * <ul>
 *   <li>a step that outlasts {@code timeout} fails its item ({@value Reasons#ITEM_TIMEOUT}); its worker is
 *       interrupted and abandoned, and a fresh worker takes the next item;</li>
 *   <li>an {@link OutOfMemoryError} or {@link StackOverflowError} thrown by the step fails its item
 *       ({@value Reasons#OUT_OF_MEMORY}, {@value Reasons#STACK_OVERFLOW}); the step's allocations died with its stack,
 *       so the job goes on. Other errors are not caught.</li>
 * </ul>
 * A worker that ignores its interrupt keeps running; Java cannot kill a thread. Such stuck workers are counted over
 * the whole crawler, and once {@code maxStuckWorkers} of them are alive no fresh worker is started: the job that
 * needs one fails with a message that says so, instead of leaking threads (and the memory they hold) without end.
 * An interrupted worker gets up to {@link #grace} to stop before it counts as stuck.
 */
public final class ItemGuard {

    private static final Logger LOG = Logger.getLogger(ItemGuard.class);
    private static final Duration MAX_GRACE = Duration.ofSeconds(1);

    private final Duration timeout;
    private final Duration grace;
    private final int maxStuckWorkers;
    private final Set<Thread> abandoned = ConcurrentHashMap.newKeySet();
    private final AtomicInteger workerNumber = new AtomicInteger();

    /**
     * @param timeout         how long one item's step may run ({@code inkflow.crawler.item-timeout})
     * @param maxStuckWorkers abandoned workers that may still be running before jobs that need a fresh worker fail
     *                        ({@code inkflow.crawler.max-stuck-item-workers})
     */
    public ItemGuard(Duration timeout, int maxStuckWorkers) {
        if (timeout.isNegative() || timeout.isZero() || maxStuckWorkers < 1) {
            throw new IllegalArgumentException("the item timeout (" + timeout + ") must be positive and the stuck"
                    + " worker limit (" + maxStuckWorkers + ") at least 1");
        }
        this.timeout = timeout;
        this.grace = timeout.compareTo(MAX_GRACE) < 0 ? timeout : MAX_GRACE;
        this.maxStuckWorkers = maxStuckWorkers;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Abandoned workers still running (they ignored their interrupt). */
    public int stuckWorkers() {
        abandoned.removeIf(t -> !t.isAlive());
        return abandoned.size();
    }

    /** One job's worker; used by that job's thread only. */
    public Lane lane(String jobId) {
        return new Lane(jobId);
    }

    /** An item's guarded step. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws ItemException;
    }

    /** A job's worker thread, replaced when an item abandons it. */
    public final class Lane implements AutoCloseable {

        private final String jobId;
        private ExecutorService worker;
        /** The worker's thread, known once it has started. */
        private volatile Thread thread;

        private Lane(String jobId) {
            this.jobId = jobId;
        }

        /**
         * Runs {@code step} on this lane's worker and returns its result, or throws what it threw; {@code what} names
         * the item in messages ({@code "rendering post 1f600"}).
         *
         * @throws ItemException        the step's own, or a timeout, out of memory or stack overflow
         * @throws InterruptedException the job thread was interrupted (a cancel or a stop); the step is interrupted too
         * @throws CrawlJobException    no fresh worker may start: {@code maxStuckWorkers} are stuck
         */
        public <T> T run(String what, Step<T> step) throws ItemException, InterruptedException, CrawlJobException {
            Future<T> future = worker().submit(step::run);
            try {
                return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                boolean stopped = abandon(true);
                throw ItemException.failed(Reasons.ITEM_TIMEOUT, what + " did not finish within " + timeout
                        + " (inkflow.crawler.item-timeout); given up" + (stopped ? "" : ", and its worker thread is"
                        + " stuck (it ignored the interrupt)"), null);
            } catch (InterruptedException e) {
                abandon(false); // the job is stopping: the step stops with it
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof ItemException item) {
                    throw item;
                }
                if (cause instanceof OutOfMemoryError || cause instanceof StackOverflowError) {
                    retire(); // not reused: the error may have struck anywhere in the worker's code
                    boolean oom = cause instanceof OutOfMemoryError;
                    LOG.warnf("job %s: %s failed with %s; the job goes on", jobId, what, cause);
                    throw ItemException.failed(oom ? Reasons.OUT_OF_MEMORY : Reasons.STACK_OVERFLOW, what + " failed: "
                            + (oom ? "out of memory" : "stack overflow")
                            + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(what + " failed", cause);
            }
        }

        private ExecutorService worker() throws CrawlJobException {
            if (worker == null) {
                int stuck = stuckWorkers();
                if (stuck >= maxStuckWorkers) {
                    throw new CrawlJobException(stuck + " item worker threads are stuck in items that timed out and"
                            + " ignored their interrupt (limit " + maxStuckWorkers
                            + ", inkflow.crawler.max-stuck-item-workers); no fresh worker is started. Restart the"
                            + " crawler to free them, and look for the items that hang (reason " + Reasons.ITEM_TIMEOUT + ")");
                }
                worker = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "crawl-item-" + jobId + "-" + workerNumber.incrementAndGet());
                    t.setDaemon(true); // a stuck one must not hold the JVM at shutdown
                    thread = t;
                    return t;
                });
            }
            return worker;
        }

        /**
         * Interrupts the worker and lets it go; it counts as stuck while it runs on. Returns whether it stopped within
         * the grace period ({@code wait}: the job thread may wait for it).
         */
        private boolean abandon(boolean wait) {
            ExecutorService old = worker;
            Thread t = thread;
            worker = null;
            thread = null;
            if (old == null) {
                return true;
            }
            old.shutdownNow();
            if (t == null) {
                return true;
            }
            abandoned.add(t);
            if (!wait) {
                return !t.isAlive(); // counted as stuck until it ends; pruned by stuckWorkers()
            }
            try {
                t.join(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the job's own stop, seen at its next check
            }
            if (t.isAlive()) {
                LOG.warnf("job %s: worker %s ignored its interrupt and keeps running (%d stuck)", jobId, t.getName(),
                        stuckWorkers());
                return false;
            }
            abandoned.remove(t);
            return true;
        }

        /** Lets an idle worker end; the next step gets a fresh one. */
        private void retire() {
            if (worker != null) {
                worker.shutdown();
            }
            worker = null;
            thread = null;
        }

        @Override
        public void close() {
            retire();
        }
    }
}
