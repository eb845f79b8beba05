package org.inkflow.cleaner.datasets;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.inkflow.common.artifacts.DatasetStatus;

/**
 * Accepts dataset requests on any replica (ADR 0034): plans the request (400/422 here, before anything is queued);
 * answers the identical existing version, or the version of the same name being built now, without queueing
 * anything; else puts a build record on {@code inkflow.datasets.builds} and waits, up to {@code wait}, for the owner
 * of its partition to write the new version's status, which it answers. Whichever replica took the request, the
 * version is built once, by the owner.
 */
public class DatasetRequests {

    private static final long POLL_MILLIS = 100;

    /** What a request answers: the version's status, or none yet when the owner did not write one within the wait. */
    public record Submitted(String name, String fingerprint, Optional<DatasetStatus> status) {
    }

    private final DatasetBuilder builder;
    private final DatasetBuildRequests requests;
    private final Duration wait;

    public DatasetRequests(DatasetBuilder builder, DatasetBuildRequests requests, Duration wait) {
        this.builder = builder;
        this.requests = requests;
        this.wait = wait;
    }

    public Submitted submit(DatasetSpec spec) {
        return submit(spec, null);
    }

    /**
     * As {@link #submit(DatasetSpec)}; {@code after} (the automatic dataset's, ADR 0039) is the latest version of the
     * name the requester knew, carried by the build record so the owner builds one version per such decision.
     */
    public Submitted submit(DatasetSpec spec, String after) {
        DatasetBuilder.Planned planned = builder.plan(spec);
        String fingerprint = planned.plan().fingerprint();
        if (planned.existing().isPresent()) {
            return new Submitted(spec.name(), fingerprint, planned.existing());
        }
        List<DatasetStatus> before = builder.versions(spec.name());
        Optional<DatasetStatus> building = before.stream().filter(v -> v.state() == DatasetStatus.State.BUILDING)
                .max(Comparator.comparing(DatasetStatus::version));
        if (building.isPresent()) {
            return new Submitted(spec.name(), fingerprint, building);
        }
        Optional<DatasetStatus> later = after == null ? Optional.empty()
                : before.stream().filter(v -> v.version().compareTo(after) > 0).max(Comparator.comparing(DatasetStatus::version));
        if (later.isPresent()) {
            return new Submitted(spec.name(), fingerprint, later); // another replica's identical decision made it
        }
        Set<String> known = before.stream().map(DatasetStatus::version).collect(Collectors.toSet());
        requests.request(spec, fingerprint, after);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<DatasetStatus> answer = builder.versions(spec.name()).stream()
                    .filter(v -> !known.contains(v.version())
                            || v.version().endsWith("-" + planned.suffix()) && v.state() != DatasetStatus.State.FAILED)
                    .max(Comparator.comparing(DatasetStatus::version));
            if (answer.isPresent() || System.nanoTime() >= deadline) {
                return new Submitted(spec.name(), fingerprint, answer);
            }
            try {
                Thread.sleep(POLL_MILLIS); // the owner may be another replica: its status in S3 is the only signal
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Submitted(spec.name(), fingerprint, Optional.empty());
            }
        }
    }
}
