package org.inkflow.cleaner.datasets;

import io.opentelemetry.context.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.metrics.CleanerMetrics;
import org.inkflow.cleaner.normalize.NormalizeMode;
import org.inkflow.cleaner.normalize.Normalizer;
import org.inkflow.cleaner.normalize.SampleImage;
import org.inkflow.cleaner.samples.ImagePipeline;
import org.inkflow.cleaner.samples.SampleCatalog;
import org.inkflow.cleaner.split.SplitAssigner;
import org.inkflow.common.artifacts.AttemptCap;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.artifacts.DatasetStats;
import org.inkflow.common.artifacts.DatasetStatus;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.artifacts.SampleMeta;
import org.inkflow.common.events.DatasetPublished;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.image.SafeImageDecoder;
import org.inkflow.common.messaging.ReproducibleFailure;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.common.tracing.TraceScope;
import org.inkflow.common.tracing.Traces;
import org.jboss.logging.Logger;

/**
 * Builds immutable dataset snapshots. {@link #plan} plans a snapshot from the samples S3 lists now (and finds the
 * identical existing version); {@link #start}, on the replica owning the dataset's build record, names the version
 * ({@code <UTC time>-<12 hex of the fingerprint>}), writes its BUILDING status and queues the build, or resumes a
 * version whose build was cut short. The build renders the sample
 * variants the request needs (another size or line art), computes the training split's pixel statistics, draws the
 * preview, writes manifest.json, stats.json and preview.png once, marks the status PUBLISHED and emits
 * {@code DatasetPublished} on the compacted {@code inkflow.datasets}. Builds run one at a time; {@link #close} stops
 * them. Each start of a version's build is counted in its status ({@code attempts}) before any work, so a start that
 * kills its replica counts too, and a version that has started {@code max-attempts} times without finishing is
 * marked FAILED by common's {@link AttemptCap} instead of resumed again (ADR 0039); a clean stop gives its start back.
 */
public class DatasetBuilder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DatasetBuilder.class);
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    public static final Pattern VERSION = Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{12}");
    private static final int PREVIEW_COLUMNS = 4;

    private final ObjectStore store;
    private final SampleCatalog catalog;
    private final ImagePipeline pipeline;
    private final SafeImageDecoder decoder;
    private final DatasetEvents events;
    private final CleanerMetrics metrics;
    private final int previewSamples;
    private final Duration buildTimeout;
    private final Duration stopTimeout;
    private final AttemptCap attempts;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService builds = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "inkflow-dataset-builder");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    /**
     * @param previewSamples how many train samples the preview contact sheet shows
     * @param buildTimeout   a version still BUILDING this long after its last update, and not building here, was cut
     *                       short by a restart: it reads as FAILED
     * @param stopTimeout    how long a stop (a revoked partition, shutdown) waits for the build to end
     * @param attempts       how many times a version's build may start without finishing
     */
    public DatasetBuilder(ObjectStore store, SampleCatalog catalog, ImagePipeline pipeline, SafeImageDecoder decoder,
                          DatasetEvents events, CleanerMetrics metrics, int previewSamples, Duration buildTimeout,
                          Duration stopTimeout, AttemptCap attempts) {
        this.store = store;
        this.catalog = catalog;
        this.pipeline = pipeline;
        this.decoder = decoder;
        this.events = events;
        this.metrics = metrics;
        this.previewSamples = previewSamples;
        this.buildTimeout = buildTimeout;
        this.stopTimeout = stopTimeout;
        this.attempts = attempts;
    }

    @Override
    public void close() {
        builds.shutdownNow();
    }

    /** What a request would build now: its plan, and the identical version when one exists (not FAILED). */
    public record Planned(DatasetSpec spec, DatasetPlanner.Plan plan, Set<String> sampleKeys, Optional<DatasetStatus> existing) {
        public String suffix() {
            return plan.fingerprint().substring(0, 12);
        }
    }

    /** A build running here: {@link #stop} leaves it BUILDING for the next owner; {@code finished} says how it ended. */
    public record Build(DatasetStatus status, Runnable stop, CompletableFuture<Boolean> finished) {
    }

    /**
     * A version whose build started {@code max-attempts} times without finishing: marked FAILED with the reason; its
     * build record is poison (dead-lettered once, replayable by an operator, which builds the request anew).
     */
    public static final class AttemptsExhausted extends IllegalStateException implements ReproducibleFailure {
        public AttemptsExhausted(String message) {
            super(message);
        }
    }

    /**
     * Plans a snapshot from the samples S3 lists now; 422 when nothing matches or the train split would be empty.
     * Answers the identical existing version, if any, so a repeated request builds nothing.
     */
    public Planned plan(DatasetSpec spec) {
        SampleCatalog.Listing listing = catalog.listAccepted();
        DatasetPlanner.Plan plan = DatasetPlanner.plan(listing.samples(), spec);
        if (plan.size() == 0) {
            throw new DatasetRequestException(422, null, "no accepted sample matches dataset '" + spec.name() + "' ("
                    + listing.samples().size() + " accepted samples; excluded " + plan.excluded()
                    + "): crawl more images or relax includeTags/excludeTags/requirePaired/minPerTag");
        }
        if (plan.splits().get(SplitAssigner.TRAIN).isEmpty()) {
            throw new DatasetRequestException(422, "splits", "the train split of dataset '" + spec.name() + "' would be empty ("
                    + plan.size() + " samples in all): its statistics cannot be computed; add samples or raise splits.train");
        }
        String suffix = plan.fingerprint().substring(0, 12);
        Optional<DatasetStatus> existing = versions(spec.name()).stream()
                .filter(v -> v.version().endsWith("-" + suffix) && v.state() != DatasetStatus.State.FAILED)
                .findFirst();
        return new Planned(spec, plan, listing.keys(), existing);
    }

    /**
     * Starts the build a record asks for, on the replica owning the dataset's partition (ADR 0034): a version cut
     * short here or on another replica (BUILDING, not building here) is resumed under its own name when the samples
     * still plan to the same snapshot, else marked FAILED and built again as a new version; an identical existing
     * version builds nothing (empty). Builds run one at a time.
     */
    public Optional<Build> start(DatasetSpec spec) {
        return start(spec, null);
    }

    /**
     * As {@link #start(DatasetSpec)}, for a record that names the latest version its requester knew ({@code after},
     * the automatic dataset's, ADR 0039; null for REST requests): when the name has a later version already, another
     * replica's identical decision built it, and this record builds nothing. A version cut short too often throws
     * {@link AttemptsExhausted} after marking it FAILED.
     */
    public synchronized Optional<Build> start(DatasetSpec spec, String after) {
        Planned planned;
        try {
            planned = plan(spec);
        } catch (DatasetRequestException e) {
            LOG.warnf("dataset %s: nothing to build: %s", spec.name(), e.getMessage());
            return Optional.empty();
        }
        DatasetStatus resume = null;
        for (DatasetStatus cut : storedVersions(spec.name())) {
            if (cut.state() != DatasetStatus.State.BUILDING || active.contains(key(cut))) {
                continue;
            }
            if (resume == null && cut.version().endsWith("-" + planned.suffix()) && spec.toRequest().equals(cut.request())) {
                Optional<String> notResumed = notResumed(cut, attempts);
                if (notResumed.isPresent()) {
                    // A build that kills its replica each time would otherwise take down every next owner in turn.
                    LOG.errorf("dataset %s: %s", spec.name(), notResumed.get());
                    writeStatus(cut.with(DatasetStatus.State.FAILED, notResumed.get(), clock.instant()));
                    throw new AttemptsExhausted("dataset " + spec.name() + ": " + notResumed.get());
                }
                resume = cut;
                LOG.infof("dataset %s: resuming version %s (start %d), cut short when the replica building it stopped",
                        spec.name(), cut.version(), cut.attempts() + 1);
            } else {
                writeStatus(cut.with(DatasetStatus.State.FAILED, "the build was cut short when the replica building it"
                        + " stopped, and the samples or request differ now; POST the request again", clock.instant()));
            }
        }
        DatasetStatus status = resume;
        if (status == null && after != null) {
            Optional<DatasetStatus> later = storedVersions(spec.name()).stream()
                    .filter(v -> v.version().compareTo(after) > 0).reduce((a, b) -> b);
            if (later.isPresent()) {
                LOG.infof("dataset %s: version %s (%s) came after %s already; this automatic request builds nothing",
                        spec.name(), later.get().version(), later.get().state(), after.isEmpty() ? "no version" : after);
                return Optional.empty();
            }
        }
        if (status == null) {
            Optional<DatasetStatus> existing = planned.existing().filter(v -> v.state() != DatasetStatus.State.BUILDING || active.contains(key(v)));
            if (existing.isPresent()) {
                LOG.infof("dataset %s: the same request over the same samples is version %s (%s); not building it again",
                        spec.name(), existing.get().version(), existing.get().state());
                return Optional.empty();
            }
            Instant now = clock.instant();
            String version = VERSION_TIME.format(now) + "-" + planned.suffix();
            DatasetPlanner.Plan plan = planned.plan();
            status = new DatasetStatus(DatasetStatus.SCHEMA_VERSION, spec.name(), version, DatasetStatus.State.BUILDING,
                    spec.toRequest(), plan.fingerprint(), plan.splitCounts(), plan.tagCounts(),
                    Keys.datasetManifest(spec.name(), version), Keys.datasetStats(spec.name(), version),
                    Keys.datasetPreview(spec.name(), version), null, now, now, 0);
        }
        // Counted and saved before any work, so a start that kills the process counts too.
        DatasetStatus building = status.withAttempts(status.attempts() + 1, clock.instant());
        writeStatus(building);
        active.add(key(building));
        Context requestedIn = Traces.current();
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicBoolean began = new AtomicBoolean();
        CompletableFuture<Boolean> finished = new CompletableFuture<>();
        Future<?> task = builds.submit(() -> {
            began.set(true);
            finished.complete(build(building, spec, planned.plan(), planned.sampleKeys(), stopped, requestedIn));
        });
        Runnable stop = () -> {
            stopped.set(true);
            task.cancel(true);
            if (!began.get() && finished.complete(false)) {
                giveBackAttempt(building); // still queued behind another build: it never started
            }
            try {
                finished.get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.warnf("dataset %s version %s: did not stop within %s; its next owner resumes it", building.name(),
                        building.version(), stopTimeout);
            }
            finished.complete(false); // cancelled before it began
            active.remove(key(building));
        };
        return Optional.of(new Build(building, stop, finished));
    }

    /** Why a version cut short must not be resumed (it used up its starts), or empty while it may be. */
    static Optional<String> notResumed(DatasetStatus cut, AttemptCap cap) {
        return cap.exhausted(cut.attempts(), cut.error()).map(why -> "version " + cut.version() + " is not resumed: its build "
                + why + " (inkflow.cleaner.datasets.max-attempts=" + cap.maxAttempts() + "); POST the request again");
    }

    public static long defaultSeed(String name) {
        return Long.parseUnsignedLong(DatasetPlanner.hex("seed:" + name).substring(0, 15), 16);
    }

    private boolean build(DatasetStatus status, DatasetSpec spec, DatasetPlanner.Plan plan, Set<String> sampleKeys,
                          AtomicBoolean stopped, Context requestedIn) {
        // A fan-in: the version's span links to the traces of (the first 128 of) its samples, one per crawled image.
        List<String> metaKeys = plan.splits().values().stream().flatMap(List::stream)
                .limit(Traces.MAX_LINKS).map(sample -> Keys.sampleMeta(sample.sha256())).toList();
        try (TraceScope trace = Traces.fanIn("cleaner build dataset", requestedIn, Traces.storedBy(store::userMetadata, metaKeys),
                Map.of("inkflow.dataset", status.name(), "inkflow.dataset.version", status.version()))) {
            return build(status, spec, plan, sampleKeys, stopped, trace);
        }
    }

    /** Builds a version; true when it reached PUBLISHED or FAILED, false when it was stopped (left BUILDING). */
    private boolean build(DatasetStatus status, DatasetSpec spec, DatasetPlanner.Plan plan, Set<String> sampleKeys,
                          AtomicBoolean stopped, TraceScope trace) {
        try {
            if (stopped.get()) {
                giveBackAttempt(status);
                return false;
            }
            long started = System.nanoTime();
            LOG.infof("dataset %s: building version %s (%d samples)", status.name(), status.version(), plan.size());
            publish(status, spec, plan, sampleKeys);
            LOG.infof("dataset %s version %s published: %s in %d ms", status.name(), status.version(), plan.splitCounts(),
                    (System.nanoTime() - started) / 1_000_000);
            return true;
        } catch (RuntimeException e) {
            if (stopped.get()) {
                LOG.infof("dataset %s version %s stopped here (%s); left BUILDING for its next owner", status.name(),
                        status.version(), e.getMessage());
                giveBackAttempt(status);
                return false;
            }
            LOG.errorf(e, "dataset %s version %s failed", status.name(), status.version());
            trace.failed(e);
            writeStatus(status.with(DatasetStatus.State.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant()));
            return true;
        } finally {
            active.remove(key(status));
        }
    }

    /** Where one sample's input and target live for this dataset, and whether they must be rendered first. */
    private record Resolved(SampleMeta sample, String inputKey, String targetKey, LineArtMode source, boolean render) {
    }

    private void publish(DatasetStatus status, DatasetSpec spec, DatasetPlanner.Plan plan, Set<String> sampleKeys) {
        Normalizer normalizer = new Normalizer(spec.imageSize(), spec.normalizeMode());
        Map<String, List<Resolved>> splits = new LinkedHashMap<>();
        List<Callable<Resolved>> renders = new ArrayList<>();
        plan.splits().forEach((split, samples) -> splits.put(split, samples.stream().map(s -> resolve(s, spec, sampleKeys)).toList()));
        Map<String, Resolved> rendered = new ConcurrentHashMap<>();
        splits.values().stream().flatMap(List::stream).filter(Resolved::render)
                .forEach(r -> renders.add(() -> rendered.put(r.sample().sha256(), render(r, normalizer, spec))));
        catalog.runAll(renders);
        splits.replaceAll((split, list) -> list.stream().map(r -> r.render() ? rendered.getOrDefault(r.sample().sha256(), r) : r).toList());

        List<Resolved> train = splits.get(SplitAssigner.TRAIN);
        List<PixelStatistics.Partial> partials = catalog.runAll(train.stream()
                .<Callable<PixelStatistics.Partial>>map(r -> () -> {
                    ContactSheet.Tile tile = load(r, spec.imageSize());
                    return PixelStatistics.of(tile.input(), tile.targetRgb());
                }).toList());
        DatasetStats stats = PixelStatistics.combine(partials);

        List<Resolved> previewed = splits.values().stream().flatMap(List::stream).limit(previewSamples).toList();
        List<ContactSheet.Tile> tiles = catalog.runAll(previewed.stream()
                .<Callable<ContactSheet.Tile>>map(r -> () -> load(r, spec.imageSize())).toList());
        byte[] preview = ImageArrays.encodePng(ContactSheet.render(tiles, spec.imageSize(), PREVIEW_COLUMNS));

        Map<String, List<DatasetManifest.Sample>> entries = new LinkedHashMap<>();
        Map<String, Integer> sources = new TreeMap<>();
        Map<String, Integer> licenses = new TreeMap<>();
        splits.forEach((split, list) -> entries.put(split, list.stream().map(r -> {
            sources.merge(r.source().id(), 1, Integer::sum);
            licenses.merge(r.sample().license() == null ? "unknown" : r.sample().license(), 1, Integer::sum);
            return new DatasetManifest.Sample(r.sample().sha256(), r.inputKey(), r.targetKey(), r.sample().tags(), r.sample().groupKey());
        }).toList()));
        Map<String, Double> fractions = new LinkedHashMap<>();
        fractions.put(SplitAssigner.TRAIN, spec.train());
        fractions.put(SplitAssigner.VALIDATION, spec.validation());
        fractions.put(SplitAssigner.TEST, spec.test());
        DatasetManifest manifest = new DatasetManifest(spec.name(), status.version(), spec.imageSize(), entries, stats,
                plan.tagCounts(), status.createdAt(), DatasetManifest.SCHEMA_VERSION, spec.lineArt(), spec.normalize(), sources,
                fractions, plan.splitCounts(), SplitAssigner.TRAIN, plan.tagCountsBeforeBalancing(), plan.excluded(),
                spec.maxPerTag(), spec.minPerTag(), spec.includeTags(), spec.excludeTags(), spec.seed(), plan.fingerprint(),
                status.statsKey(), status.previewKey(), licenses, null);

        store.putOnce(status.statsKey(), stats.toJson(), "application/json");
        store.putOnce(status.previewKey(), preview, "image/png");
        store.putOnce(status.manifestKey(), manifest.toJson(), "application/json");
        writeStatus(status.with(DatasetStatus.State.PUBLISHED, null, clock.instant()));
        events.published(new DatasetPublished(DatasetPublished.SCHEMA_VERSION, spec.name(), status.version(),
                status.manifestKey(), plan.splitCounts(), spec.imageSize(), status.createdAt()));
        metrics.datasetPublished(spec.name(), plan.splitCounts());
    }

    private Resolved resolve(SampleMeta s, DatasetSpec spec, Set<String> keys) {
        LineArtMode wanted = spec.lineArtMode() == LineArtMode.PAIRED
                ? (s.rawLineArtKey() != null ? LineArtMode.PAIRED : pipeline.fallbackMode()) : spec.lineArtMode();
        boolean sameGeometry = s.size() == spec.imageSize() && spec.normalize().equals(s.normalize());
        if (sameGeometry && wanted.id().equals(s.lineArtSource())) {
            return new Resolved(s, s.inputKey(), s.targetKey(), wanted, false);
        }
        NormalizeMode normalize = spec.normalizeMode();
        String target = sameGeometry ? s.targetKey() : Keys.sampleVariantTarget(s.sha256(), spec.imageSize(), normalize.id());
        String input = Keys.sampleVariantInput(s.sha256(), spec.imageSize(), normalize.id(), wanted.id());
        return new Resolved(s, input, target, wanted, !keys.contains(input) || !keys.contains(target));
    }

    private Resolved render(Resolved r, Normalizer normalizer, DatasetSpec spec) {
        SampleMeta s = r.sample();
        byte[] raw = store.get(s.rawKey());
        byte[] paired = r.source() == LineArtMode.PAIRED && s.rawLineArtKey() != null ? store.get(s.rawLineArtKey()) : null;
        ImagePipeline.Rendered out = pipeline.render(raw, paired, normalizer, r.source());
        // An unusable pair falls back to the extractor: key the input by what it really is.
        String inputKey = Keys.sampleVariantInput(s.sha256(), spec.imageSize(), spec.normalizeMode().id(), out.lineArtSource().id());
        store.putOnce(inputKey, out.inputPng(), "image/png");
        if (!r.targetKey().equals(s.targetKey())) {
            store.putOnce(r.targetKey(), out.targetPng(), "image/png");
        }
        return new Resolved(s, inputKey, r.targetKey(), out.lineArtSource(), true);
    }

    /** Reads a stored sample back the way a trainer does, so the statistics describe the bytes it will see. */
    private ContactSheet.Tile load(Resolved r, int size) {
        SampleImage input = SampleImage.of(decoder.decode(store.get(r.inputKey())));
        SampleImage target = SampleImage.of(decoder.decode(store.get(r.targetKey())));
        if (input.width() != size || input.height() != size || target.width() != size || target.height() != size) {
            throw new IllegalStateException("sample " + r.sample().sha256() + " is " + target.width() + "x" + target.height()
                    + " (input " + input.width() + "x" + input.height() + "), not " + size + "x" + size);
        }
        return new ContactSheet.Tile(input.gray(), target.rgb());
    }

    /** Every version of a dataset, oldest first, with BUILDING ones cut short by a restart shown as FAILED. */
    public List<DatasetStatus> versions(String name) {
        return storedVersions(name).stream().map(this::withTimeout).toList();
    }

    /** Every version's status.json as stored, oldest first. */
    private List<DatasetStatus> storedVersions(String name) {
        List<DatasetStatus> out = new ArrayList<>();
        for (ObjectInfo info : store.list(Keys.datasetVersions(name))) {
            if (info.key().endsWith("/status.json")) {
                out.add(DatasetStatus.read(store.get(info.key())));
            }
        }
        out.sort(Comparator.comparing(DatasetStatus::version));
        return out;
    }

    public Optional<DatasetStatus> status(String name, String version) {
        String key = Keys.datasetStatus(name, version);
        if (!store.exists(key)) {
            return Optional.empty();
        }
        return Optional.of(withTimeout(DatasetStatus.read(store.get(key))));
    }

    /** Every dataset name under {@code datasets/}. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (ObjectInfo info : store.list(Keys.DATASETS)) {
            String rest = info.key().substring(Keys.DATASETS.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                names.add(rest.substring(0, slash));
            }
        }
        return names;
    }

    private DatasetStatus withTimeout(DatasetStatus s) {
        if (s.state() == DatasetStatus.State.BUILDING && !active.contains(key(s))
                && s.updatedAt().plus(buildTimeout).isBefore(clock.instant())) {
            return s.with(DatasetStatus.State.FAILED, "the build was cut short (the service stopped while building);"
                    + " POST the request again", s.updatedAt());
        }
        return s;
    }

    /** A clean stop is not a failed start: the cap counts starts that died, not ones handed on (as the trainer's). */
    private void giveBackAttempt(DatasetStatus status) {
        try {
            writeStatus(status.withAttempts(Math.max(0, status.attempts() - 1), clock.instant()));
        } catch (RuntimeException e) {
            LOG.warnf("dataset %s version %s: could not give its start back (%s); it counts towards max-attempts",
                    status.name(), status.version(), e.getMessage());
        }
    }

    private void writeStatus(DatasetStatus status) {
        store.putStatus(Keys.datasetStatus(status.name(), status.version()), status.toJson(), "application/json");
    }

    private static String key(DatasetStatus s) {
        return s.name() + "/" + s.version();
    }
}
