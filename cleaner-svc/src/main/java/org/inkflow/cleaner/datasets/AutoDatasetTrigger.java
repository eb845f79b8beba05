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
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.samples.SampleCatalog;
import org.inkflow.common.artifacts.DatasetStatus;
import org.jboss.logging.Logger;

/**
 * Continuous datasets: builds a new version of {@code inkflow.cleaner.auto-dataset.name} when
 * {@link AutoDatasetPolicy} says one is due. Accepted samples are announced by {@link #sampleArrived} (the
 * {@code samples.cleaned} consumer); a once-a-second check counts the catalog's accepted samples, requests a build
 * through {@link DatasetRequests#submit} (built by the replica owning the name's build record, once; the identical
 * existing version is answered instead of a copy) and follows
 * it to PUBLISHED or FAILED. The builder's {@code DatasetPublished} event then lets the trainer train it. At start
 * the policy counts what the latest PUBLISHED version holds, so samples accepted while the service was down are owed
 * a version too. Every replica runs the policy on what it knows; the build record makes each version one build (ADR 0034). {@link #start} begins
 * the checks, {@link #close} ends them.
 */
public class AutoDatasetTrigger implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AutoDatasetTrigger.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    /** The answer of {@code GET /auto-dataset}. */
    public record View(boolean enabled, String dataset, int imageSize, String lineArt, int minNewSamples,
                       String quietPeriod, String maxDelay, AutoDatasetPolicy.State state, int acceptedSamples,
                       int newSamples, String latestVersion, String buildingVersion, String lastError) {
    }

    private final DatasetBuilder builder;
    private final DatasetRequests requests;
    private final SampleCatalog catalog;
    private final AutoDatasetPolicy.Settings settings;
    private final DatasetSpec spec;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "inkflow-auto-dataset");
        t.setDaemon(true);
        return t;
    });
    private volatile AutoDatasetPolicy policy;
    private volatile String latestVersion;
    private volatile String buildingVersion;
    private volatile String lastError;

    /** @param spec the request every automatic build makes (see {@link #spec}) */
    public AutoDatasetTrigger(DatasetBuilder builder, DatasetRequests requests, SampleCatalog catalog,
                              AutoDatasetPolicy.Settings settings, DatasetSpec spec) {
        this.builder = builder;
        this.requests = requests;
        this.catalog = catalog;
        this.settings = settings;
        this.spec = spec;
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
        if (settings.enabled()) {
            checks.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("automatic dataset %s: a new version after %d new accepted samples and %s without one", spec.name(),
                    settings.minNewSamples(), settings.quietPeriod());
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }

    /** An accepted sample was announced on {@code samples.cleaned}. */
    public void sampleArrived() {
        AutoDatasetPolicy p = policy;
        if (p != null) {
            p.sampleArrived(clock.instant());
        }
        // Before the policy exists, its start time counts as the arrival of everything so far.
    }

    public View view() {
        AutoDatasetPolicy p = policy;
        int accepted = catalog.stats().accepted();
        AutoDatasetPolicy.State state = !settings.enabled() ? AutoDatasetPolicy.State.OFF
                : p == null ? AutoDatasetPolicy.State.STARTING : p.state(accepted);
        return new View(settings.enabled(), spec.name(), spec.imageSize(), spec.lineArt(), settings.minNewSamples(),
                settings.quietPeriod().toString(), settings.maxDelay().toString(), state, accepted,
                p == null ? 0 : p.newSamples(accepted), latestVersion, buildingVersion, lastError);
    }

    private void check() {
        try {
            if (!catalog.isReady()) {
                return;
            }
            if (policy == null) {
                policy = startPolicy();
            }
            Instant now = clock.instant();
            if (buildingVersion != null) {
                follow(buildingVersion);
                return;
            }
            int accepted = catalog.stats().accepted();
            if (policy.due(accepted, now)) {
                build(accepted);
            }
        } catch (RuntimeException e) {
            // S3 down or the like: the next check tries again.
            LOG.warnf("automatic dataset %s: check failed (retrying): %s", spec.name(), e.getMessage());
        }
    }

    private AutoDatasetPolicy startPolicy() {
        Optional<DatasetStatus> latest = builder.versions(spec.name()).stream()
                .filter(s -> s.state() == DatasetStatus.State.PUBLISHED)
                .max(Comparator.comparing(DatasetStatus::version));
        int basis = latest.map(s -> s.counts().values().stream().mapToInt(Integer::intValue).sum()).orElse(0);
        latestVersion = latest.map(DatasetStatus::version).orElse(null);
        LOG.infof("automatic dataset %s: latest version %s holds %d samples", spec.name(), latestVersion, basis);
        return new AutoDatasetPolicy(settings, basis, clock.instant());
    }

    private void build(int accepted) {
        policy.started(accepted);
        DatasetStatus status;
        try {
            status = requests.submit(spec).status().orElseThrow(() -> new IllegalStateException(
                    "the build was queued but its owner wrote no status within inkflow.cleaner.datasets.request-wait"));
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            policy.finished(false);
            LOG.warnf("automatic dataset %s: cannot build a version of %d samples (waiting for new samples): %s",
                    spec.name(), accepted, e.getMessage());
            return;
        }
        LOG.infof("automatic dataset %s: version %s over %d accepted samples (%s)", spec.name(), status.version(),
                accepted, status.state());
        buildingVersion = status.version();
        follow(status.version());
    }

    private void follow(String version) {
        DatasetStatus status = builder.status(spec.name(), version).orElse(null);
        if (status == null || status.state() == DatasetStatus.State.BUILDING) {
            return;
        }
        boolean published = status.state() == DatasetStatus.State.PUBLISHED;
        if (published) {
            latestVersion = version;
            lastError = null;
        } else {
            lastError = status.error();
            LOG.warnf("automatic dataset %s: version %s failed (waiting for new samples): %s", spec.name(), version, status.error());
        }
        buildingVersion = null;
        policy.finished(published);
    }
}
