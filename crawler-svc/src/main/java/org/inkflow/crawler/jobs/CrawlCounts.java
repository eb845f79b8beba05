package org.inkflow.crawler.jobs;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a job has done so far. {@code listed}: posts the source listed; {@code fetched}: images obtained (downloaded
 * or rendered) and valid; {@code stored}: new images stored and announced; {@code duplicates}: images already stored;
 * {@code skipped}: left out by a rule, by reason; {@code failed}: errors after retries, with {@code failures} by
 * reason.
 */
public record CrawlCounts(long listed, long fetched, long stored, long duplicates, Map<String, Long> skipped,
                          long failed, Map<String, Long> failures) {

    public static final CrawlCounts ZERO = new CrawlCounts(0, 0, 0, 0, Map.of(), 0, Map.of());

    public CrawlCounts {
        skipped = skipped == null ? Map.of() : Map.copyOf(new TreeMap<>(skipped));
        failures = failures == null ? Map.of() : Map.copyOf(new TreeMap<>(failures));
    }

    /** Images the job has yielded, new or already stored: what {@code maxImages} bounds. */
    public long yielded() {
        return stored + duplicates;
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Mutable tally for a running job; {@link #snapshot()} gives the record. Thread-safe. */
    public static final class Tally {
        private long listed;
        private long fetched;
        private long stored;
        private long duplicates;
        private final Map<String, Long> skipped = new TreeMap<>();
        private final Map<String, Long> failures = new TreeMap<>();

        public Tally(CrawlCounts from) {
            listed = from.listed();
            fetched = from.fetched();
            stored = from.stored();
            duplicates = from.duplicates();
            skipped.putAll(from.skipped());
            failures.putAll(from.failures());
        }

        public synchronized void listed() {
            listed++;
        }

        public synchronized void fetched() {
            fetched++;
        }

        public synchronized void stored() {
            stored++;
        }

        public synchronized void duplicate() {
            duplicates++;
        }

        public synchronized void skipped(String reason) {
            skipped.merge(reason, 1L, Long::sum);
        }

        public synchronized void failed(String reason) {
            failures.merge(reason, 1L, Long::sum);
        }

        public synchronized long yielded() {
            return stored + duplicates;
        }

        public synchronized CrawlCounts snapshot() {
            long failed = failures.values().stream().mapToLong(Long::longValue).sum();
            return new CrawlCounts(listed, fetched, stored, duplicates, skipped, failed, failures);
        }
    }
}
