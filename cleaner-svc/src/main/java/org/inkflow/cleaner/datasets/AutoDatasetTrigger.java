package org.inkflow.cleaner.datasets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.samples.SampleCatalog;
import org.inkflow.common.artifacts.DatasetStatus;
import org.jboss.logging.Logger;

/**
 * Continuous datasets: builds a new version of {@code inkflow.cleaner.auto-dataset.name} when
 * {@link AutoDatasetPolicy} says one is due, on every replica from the same shared inputs (ADR 0039): arrivals are
 * the hash log's winning claims ({@link SampleArrivals}, every replica reads the whole log), the versions and the
 * accepted count are what S3 lists. A once-a-second check counts {@code samples/} again only when the arrivals have
 * settled (quiet period or max delay) and changed since the last count, re-reads the versions right before it acts,
 * and requests a build through {@link DatasetRequests#submit} naming the latest version it knew: every replica that
 * decides the same build names the same one, and the owner of the name's build record builds the first such record
 * and acknowledges the rest. The builder's {@code DatasetPublished} event then lets the trainer train it.
 * {@link #start} begins the checks, {@link #close} ends them.
 */
public class AutoDatasetTrigger implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AutoDatasetTrigger.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** How often the versions are listed again while nothing is being built, for the view and other replicas' builds. */
    private static final Duration REFRESH_EVERY = Duration.ofSeconds(30);

    /** The answer of {@code GET /auto-dataset}. */
    public record View(boolean enabled, String dataset, int imageSize, String lineArt, int minNewSamples,
                       String quietPeriod, String maxDelay, AutoDatasetPolicy.State state, int acceptedSamples,
                       int newSamples, String latestVersion, String buildingVersion, String lastError) {
    }

    /** The versions as last listed: the latest one in any state and the size of the latest PUBLISHED one. */
    private record Versions(Optional<AutoDatasetPolicy.Latest> latest, int basis, String published, Instant listedAt) {
    }

    private final DatasetBuilder builder;
    private final DatasetRequests requests;
    private final SampleCatalog catalog;
    private final BooleanSupplier arrivalsCaughtUp;
    private final AutoDatasetPolicy policy;
    private final DatasetSpec spec;
    private final SampleArrivals arrivals;
    private final Clock clock;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "inkflow-auto-dataset");
        t.setDaemon(true);
        return t;
    });
    private volatile Versions versions;
    private volatile int accepted = -1;
    private volatile long countedArrivals = -1;
    private volatile Instant countedAt = Instant.MIN;
    /** Arrivals seen when a request could not even be made (e.g. 422): wait for new samples before trying again. */
    private volatile long refusedAtArrivals = -1;
    private volatile String lastError;

    /**
     * @param spec             the request every automatic build makes (see {@link #spec})
     * @param arrivals         the accepted samples' arrival times, fed by the hash log's reader
     * @param arrivalsCaughtUp whether the hash log has been read up to where it was at start, so the arrivals are known
     */
    public AutoDatasetTrigger(DatasetBuilder builder, DatasetRequests requests, SampleCatalog catalog,
                              AutoDatasetPolicy.Settings settings, DatasetSpec spec, SampleArrivals arrivals,
                              BooleanSupplier arrivalsCaughtUp) {
        this(builder, requests, catalog, settings, spec, arrivals, arrivalsCaughtUp, Clock.systemUTC());
    }

    AutoDatasetTrigger(DatasetBuilder builder, DatasetRequests requests, SampleCatalog catalog,
                       AutoDatasetPolicy.Settings settings, DatasetSpec spec, SampleArrivals arrivals,
                       BooleanSupplier arrivalsCaughtUp, Clock clock) {
        this.arrivals = arrivals;
        this.builder = builder;
        this.requests = requests;
        this.catalog = catalog;
        this.policy = new AutoDatasetPolicy(settings);
        this.spec = spec;
        this.arrivalsCaughtUp = arrivalsCaughtUp;
        this.clock = clock;
    }

    /**
     * The dataset request the automatic builds make, from the {@code inkflow.cleaner.auto-dataset.*} settings (the
     * split fractions and normalize mode are the service's); checked at start so a bad setting fails the service there.
     */
    public static DatasetSpec spec(String name, int size, String normalize, String lineArtSetting, double train,
                                   double validation, double test) {
        if (!DatasetSpec.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("inkflow.cleaner.auto-dataset.name '" + name + "' must match " + DatasetSpec.NAME.pattern());
        }
        if (size < 16 || size > 1024 || size % 8 != 0) {
            throw new IllegalArgumentException("inkflow.cleaner.auto-dataset.image-size " + size
                    + " must be a multiple of 8 from 16 to 1024 (64, 128 and 256 are usual)");
        }
        String lineArt;
        try {
            lineArt = LineArtMode.parse(lineArtSetting).id();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("inkflow.cleaner.auto-dataset.line-art: " + e.getMessage(), e);
        }
        return new DatasetSpec(name, size, normalize, lineArt, false, null, null, List.of(), List.of(),
                train, validation, test, DatasetBuilder.defaultSeed(name));
    }

    /** Starts the once-a-second checks when the policy is enabled. */
    public void start() {
        if (policy.settings().enabled()) {
            checks.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("automatic dataset %s: a new version after %d new accepted samples and %s without one", spec.name(),
                    policy.settings().minNewSamples(), policy.settings().quietPeriod());
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }

    public View view() {
        Versions v = versions;
        int count = accepted;
        AutoDatasetPolicy.Inputs in = v != null && count >= 0 ? inputs(v, count) : null;
        boolean known = in != null;
        AutoDatasetPolicy.State state = !policy.settings().enabled() ? AutoDatasetPolicy.State.OFF
                : !known ? AutoDatasetPolicy.State.STARTING : policy.state(in);
        int fresh = known ? AutoDatasetPolicy.newSamples(in) : 0;
        // Samples that arrived after the last count are counted once they settle (the quiet period). Until then they
        // are new samples all the same, and the view says WAITING, not IDLE: IDLE means nothing more is coming.
        long uncounted = known ? Math.max(0, arrivals.count() - countedArrivals) : 0;
        if (uncounted > 0) {
            fresh += (int) uncounted;
            if (state == AutoDatasetPolicy.State.IDLE && in.firstArrival().isPresent()) {
                state = AutoDatasetPolicy.State.WAITING;
            }
        }
        String building = v == null ? null : v.latest().filter(l -> l.phase() == AutoDatasetPolicy.Phase.BUILDING)
                .map(AutoDatasetPolicy.Latest::version).orElse(null);
        return new View(policy.settings().enabled(), spec.name(), spec.imageSize(), spec.lineArt(),
                policy.settings().minNewSamples(), policy.settings().quietPeriod().toString(),
                policy.settings().maxDelay().toString(), state, Math.max(0, count), fresh,
                v == null ? null : v.published(), building, lastError);
    }

    /** One check; package-private so a test can drive it without the scheduler. */
    void check() {
        try {
            if (!catalog.isReady() || !arrivalsCaughtUp.getAsBoolean()) {
                return;
            }
            Instant now = clock.instant();
            Versions v = versions;
            boolean building = v != null && v.latest().filter(l -> l.phase() == AutoDatasetPolicy.Phase.BUILDING).isPresent();
            if (v == null || building || !now.isBefore(v.listedAt().plus(REFRESH_EVERY))) {
                v = listVersions(now);
            }
            if (accepted < 0) {
                count(now);
            }
            AutoDatasetPolicy.Inputs in = inputs(v, accepted);
            if (!policy.settled(in, now)) {
                return;
            }
            long seen = arrivals.count();
            if (recount(seen, now)) {
                count(now);
                in = inputs(v, accepted);
            }
            if (!policy.due(in, now) || seen == refusedAtArrivals) {
                return;
            }
            // Act on S3 as it is now: another replica may have started (or published) this very version meanwhile.
            in = inputs(listVersions(now), accepted);
            if (policy.due(in, now)) {
                build(in, seen);
            }
        } catch (RuntimeException e) {
            // S3 down or the like: the next check tries again.
            LOG.warnf("automatic dataset %s: check failed (retrying): %s", spec.name(), e.getMessage());
        }
    }

    private Duration countEvery() {
        Duration quiet = policy.settings().quietPeriod();
        return quiet.compareTo(CHECK_EVERY) < 0 ? CHECK_EVERY : quiet;
    }

    /**
     * The count changes only when samples arrive; it is taken again once they settle, and once more a count period
     * later, for a sample whose meta.json (written after its claim) S3 did not list yet the first time.
     */
    private boolean recount(long seen, Instant now) {
        if (now.isBefore(countedAt.plus(countEvery()))) {
            return false;
        }
        Optional<Instant> last = arrivals.last();
        return seen != countedArrivals || last.isPresent() && countedAt.isBefore(last.get().plus(countEvery().multipliedBy(2)));
    }

    private void count(Instant now) {
        long seen = arrivals.count();
        accepted = catalog.countAccepted();
        countedArrivals = seen;
        countedAt = now;
    }

    private AutoDatasetPolicy.Inputs inputs(Versions v, int count) {
        Optional<Instant> since = v.latest().map(AutoDatasetPolicy.Latest::createdAt);
        return new AutoDatasetPolicy.Inputs(count, v.basis(), v.latest(), arrivals.firstAfter(since), arrivals.last());
    }

    private Versions listVersions(Instant now) {
        List<DatasetStatus> all = builder.versions(spec.name());
        Optional<DatasetStatus> latest = all.stream().max(Comparator.comparing(DatasetStatus::version));
        Optional<DatasetStatus> published = all.stream().filter(s -> s.state() == DatasetStatus.State.PUBLISHED)
                .max(Comparator.comparing(DatasetStatus::version));
        Versions listed = new Versions(latest.map(s -> new AutoDatasetPolicy.Latest(s.version(),
                AutoDatasetPolicy.Phase.valueOf(s.state().name()), s.createdAt())),
                published.map(s -> s.counts().values().stream().mapToInt(Integer::intValue).sum()).orElse(0),
                published.map(DatasetStatus::version).orElse(null), now);
        Versions before = versions;
        versions = listed;
        latest.ifPresent(s -> arrivals.forgetBefore(s.createdAt()));
        if (before == null) {
            LOG.infof("automatic dataset %s: latest version %s holds %d samples", spec.name(), listed.published(), listed.basis());
        } else if (!before.latest().equals(listed.latest())) {
            latest.ifPresent(s -> {
                if (s.state() == DatasetStatus.State.FAILED) {
                    lastError = s.error();
                    LOG.warnf("automatic dataset %s: version %s failed (waiting for new samples): %s", spec.name(),
                            s.version(), s.error());
                } else if (s.state() == DatasetStatus.State.PUBLISHED) {
                    lastError = null;
                }
            });
        }
        return listed;
    }

    private void build(AutoDatasetPolicy.Inputs in, long seen) {
        String after = in.latest().map(AutoDatasetPolicy.Latest::version).orElse("");
        DatasetRequests.Submitted submitted;
        try {
            submitted = requests.submit(spec, after);
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            refusedAtArrivals = seen;
            LOG.warnf("automatic dataset %s: cannot build a version of %d samples (waiting for new samples): %s",
                    spec.name(), in.accepted(), e.getMessage());
            return;
        }
        LOG.infof("automatic dataset %s: %d new samples of %d after version %s: requested a build (%s)", spec.name(),
                AutoDatasetPolicy.newSamples(in), in.accepted(), after.isEmpty() ? "(none)" : after,
                submitted.status().map(s -> s.version() + " " + s.state()).orElse("queued"));
        listVersions(clock.instant());
    }
}
