package org.inkflow.common.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.inkflow.common.metrics.MetricNames;
import org.inkflow.common.metrics.ServiceInfoMetric;

/**
 * The consumed records that are waiting out a transient failure right now ({@link InboundEvents} marks a record when
 * its processing fails transiently and clears it when the record is done, either way), and other work retried in place
 * the same way ({@link TransientRetry#run(Runnable, WaitingRecords, String)}: a crawl job's storage writes). Read by the
 * {@code transient-failures} readiness check and the {@code inkflow_<service>_records_waiting_records} gauge.
 */
@ApplicationScoped
public class WaitingRecords {

    /** One waiting record: since when, after how many attempts, and the last failure's message. */
    public record Wait(Instant since, int attempts, String lastFailure) {
    }

    private final Map<String, Wait> waiting = new ConcurrentHashMap<>();
    private final Clock clock;

    @Inject
    public WaitingRecords(MeterRegistry registry,
                          @ConfigProperty(name = "quarkus.application.name") String application) {
        this(Clock.systemUTC());
        Gauge.builder(MetricNames.of(ServiceInfoMetric.serviceOf(application), "records_waiting", "records"), waiting, Map::size)
                .description("Consumed records waiting to be retried after a transient failure (a dependency down)")
                .register(registry);
    }

    /** Without metrics, for plain-Java tests and consumers built by hand. */
    public WaitingRecords(Clock clock) {
        this.clock = clock;
    }

    /** {@code record} failed transiently (again) and will be retried. */
    public void failedTransiently(String record, Throwable failure) {
        Instant now = clock.instant();
        waiting.merge(record, new Wait(now, 1, String.valueOf(failure.getMessage())),
                (old, next) -> new Wait(old.since(), old.attempts() + 1, next.lastFailure()));
    }

    /** {@code record} is done (processed, dead-lettered or given up): no longer waiting. */
    public void done(String record) {
        waiting.remove(record);
    }

    public int count() {
        return waiting.size();
    }

    /** The waiting records by id ({@code topic-partition@offset}, or what the work in place names), sorted. */
    public Map<String, Wait> snapshot() {
        return new TreeMap<>(waiting);
    }
}
