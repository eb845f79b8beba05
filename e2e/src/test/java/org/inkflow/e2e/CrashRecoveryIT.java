package org.inkflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.inkflow.cleaner.datasets.DatasetPlanner;
import org.inkflow.cleaner.datasets.DatasetSpec;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.artifacts.DatasetStatus;
import org.inkflow.common.artifacts.EvaluationStatus;
import org.inkflow.common.artifacts.SampleMeta;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.Topics;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.ChildProcess;
import org.inkflow.localstack.S3ProxyServer;
import org.inkflow.localstack.WorkDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kill -9 of each service once, at a stage where it holds work (issue 18), on the platform as the demo runs it: the
 * five packaged services under the demo's {@link Supervisor}, a Kafka broker process and S3Proxy. One pass through
 * the pipeline on a small synthetic OpenMoji-style archive; each kill waits for a state read from the service's REST
 * API, S3 or health details, never for a time:
 * <ol>
 *   <li>cleaner: the crawl job RUNNING and the cleaner has processed some, not all, of the images stored so far;</li>
 *   <li>crawler: its job RUNNING with a third of the images stored, not all;</li>
 *   <li>trainer: its run RUNNING with a checkpoint in S3 ({@code checkpoint.json}, written last);</li>
 *   <li>evaluator: the candidate EVALUATING (its status is saved before scoring and decided after the report);</li>
 *   <li>inference: a new version promoted (the readiness check's {@code promotedVersion}) while the old one still
 *       serves ({@code version}): between the promotion and the swap, i.e. while downloading, loading or warming
 *       up the new version.</li>
 * </ol>
 * After each kill the supervisor must have restarted the service (restart counted, a new pid, ready again; for
 * inference: ready serving the promoted version). At the end: every image offered ended cleaned or rejected, none
 * lost, no dead letters; the crawl job and the training run were resumed (their second attempt), the run from its
 * checkpoint; the evaluation was done again (second attempt); each service restarted exactly once; and the
 * promoted model answers {@code /colorize}.
 * <p>
 * <b>The dataset's reference fingerprint.</b> A version's fingerprint is a pure function of its request and of the
 * accepted samples (sha256, input and target keys; {@code DatasetPlanner}). Samples are content-addressed and every
 * rejection rule is a function of the image (the near-duplicate index is rebuilt from S3 at start), so a run without
 * crashes accepts the same samples as long as none is lost, half-written or counted twice. The reference is
 * therefore the cleaner's own planner applied to exactly the samples the cleaner <i>announced</i> on
 * {@code inkflow.samples.cleaned} for this crawl's images, with the request the version recorded; the dataset
 * itself is planned from the cleaner's catalog ({@code meta.json} files in S3). The two agree only if the crashes
 * left no sample announced but not stored, or stored but never announced. Building the dataset a second time
 * would prove nothing: the cleaner answers an identical request over identical samples with the existing version.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class CrashRecoveryIT {

    static final int IMAGES = Integer.getInteger("inkflow.crash.images", 120);
    static final int STEPS = 90;
    static final int CHECKPOINT_EVERY = 30;
    static final String MODEL = "colorizer";
    static final String DATASET = "crash";
    static final Set<String> JOB_ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED");
    static final Set<String> DECIDED = Set.of("BLESSED", "REJECTED", "FAILED");
    static final Duration STAGE = Duration.ofMinutes(4);

    static Path stateDir;
    static Path dataDir;
    static Platform platform;
    static ObjectStore store;
    static PipelineTopics topics;

    /** One kill -9: which process, when, and the state it was caught in. */
    record Kill(InkflowService service, long pid, Instant at, String caught) {
    }

    /** How the supervisor brought a killed service back. */
    record Recovery(Kill kill, long newPid, Duration restarted, Duration ready) {
    }

    @BeforeAll
    static void startThePlatformAndServeAModel() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        stateDir = Files.createTempDirectory("inkflow-crash-");
        dataDir = Files.createDirectories(stateDir.resolve("data"));
        Map<InkflowService, Map<String, String>> env = new EnumMap<>(InkflowService.class);
        env.put(InkflowService.CRAWLER, Map.of("INKFLOW_CRAWLER_IMPORT_ROOTS", dataDir.toString()));
        Map<InkflowService, Map<String, String>> props = new EnumMap<>(InkflowService.class);
        // The dataset is asked for once the crawl is cleaned, so a crash cannot split it into two versions.
        props.put(InkflowService.CLEANER, Map.of("inkflow.cleaner.auto-dataset.enabled", "false"));
        // A tiny model: seconds per run, a checkpoint every CHECKPOINT_EVERY steps, no early stop.
        Map<String, String> trainer = new LinkedHashMap<>();
        trainer.put("inkflow.trainer.auto-train.enabled", "true");
        trainer.put("inkflow.trainer.auto-train.model-name", MODEL);
        trainer.put("inkflow.trainer.auto-train.hyperparameters.steps", String.valueOf(STEPS));
        trainer.put("inkflow.trainer.auto-train.hyperparameters.width", "4");
        trainer.put("inkflow.trainer.auto-train.hyperparameters.batchSize", "4");
        trainer.put("inkflow.trainer.auto-train.hyperparameters.checkpointEvery", String.valueOf(CHECKPOINT_EVERY));
        trainer.put("inkflow.trainer.auto-train.hyperparameters.validateEvery", String.valueOf(CHECKPOINT_EVERY));
        trainer.put("inkflow.trainer.auto-train.hyperparameters.earlyStoppingPatience", "0");
        props.put(InkflowService.TRAINER, trainer);
        // The test promotes, as an operator would: the swap comes when it asks, blessed or not.
        props.put(InkflowService.EVALUATOR, Map.of("inkflow.evaluator.promote-on-bless", "false"));
        platform = Platform.start(new Platform.Settings(root, stateDir, false, false, env, props, System.out::println));
        store = ObjectStore.connect(platform.s3Endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "inkflow", "us-east-1");
        topics = new PipelineTopics(platform.kafkaBootstrapServers());

        // Version 1 serves from the start, so the trained version's promotion is a swap.
        topics.promoteTinyModel(store, stateDir, MODEL, "1");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> "1".equals(servingVersion()));
    }

    @AfterAll
    static void stopEverything() {
        if (platform != null) {
            platform.close();
        }
        WorkDirs.deleteRecursively(stateDir);
    }

    @Test
    void eachServiceKilledWhileItHoldsWorkIsRestartedAndThePipelineEndsAsWithoutCrashes() throws Exception {
        long started = System.nanoTime();
        List<CompletableFuture<Recovery>> recoveries = new ArrayList<>();

        // ---- crawl + clean: the cleaner mid-batch, then the crawler mid-job
        Path archive = OpenMojiFixture.write(dataDir.resolve("crash"), IMAGES, 3);
        String job = Api.post(url(InkflowService.CRAWLER, "/crawl-jobs"), Map.of("source", "openmoji",
                "baseUrl", archive.toString(), "tags", List.of(), "maxImages", IMAGES, "size", 64)).path("id").asText();

        CrawlAndClean atCleanerKill = await().atMost(STAGE).pollInterval(Duration.ofMillis(50))
                .until(() -> crawlAndClean(job), s -> s.ended() || s.running() && s.processed() >= 3 && s.processed() < s.stored());
        assertThat(atCleanerKill.running()).as("the cleaner is killed while the crawl runs: " + atCleanerKill).isTrue();
        recoveries.add(killAndWatch(InkflowService.CLEANER, "processed " + atCleanerKill.processed() + " of "
                + atCleanerKill.stored() + " images stored so far", CrashRecoveryIT::ready));

        JsonNode atCrawlerKill = await().atMost(STAGE).pollInterval(Duration.ofMillis(50))
                .until(() -> Api.get(url(InkflowService.CRAWLER, "/crawl-jobs/" + job)),
                        j -> JOB_ENDED.contains(j.path("state").asText())
                                || "RUNNING".equals(j.path("state").asText()) && stored(j) >= IMAGES / 3);
        assertThat(atCrawlerKill.path("state").asText()).as("the crawler is killed mid-job: " + atCrawlerKill).isEqualTo("RUNNING");
        assertThat(stored(atCrawlerKill)).isLessThan(IMAGES);
        recoveries.add(killAndWatch(InkflowService.CRAWLER, "job RUNNING, " + stored(atCrawlerKill) + " of " + IMAGES
                + " images stored", CrashRecoveryIT::ready));

        JsonNode crawl = await().atMost(STAGE).pollInterval(Duration.ofMillis(500))
                .until(() -> optional(url(InkflowService.CRAWLER, "/crawl-jobs/" + job)),
                        j -> j != null && JOB_ENDED.contains(j.path("state").asText()));
        assertThat(crawl.path("state").asText()).as("crawl job " + crawl).isEqualTo("COMPLETED");
        assertThat(crawl.path("attempts").asInt()).as("the killed start and the resumed one: " + crawl).isEqualTo(2);
        await().atMost(STAGE).pollInterval(Duration.ofMillis(500)).until(() -> topics.caughtUp(job));

        // ---- dataset, asked for once everything offered is cleaned
        JsonNode requested = Api.post(url(InkflowService.CLEANER, "/datasets"), Map.of("name", DATASET, "imageSize", 64,
                "lineArt", "paired", "splits", Map.of("train", 0.5, "validation", 0.3, "test", 0.2)));
        String datasetVersion = requested.path("version").asText();
        JsonNode dataset = await().atMost(STAGE).pollInterval(Duration.ofMillis(250))
                .until(() -> Api.get(url(InkflowService.CLEANER, "/datasets/" + DATASET + "/versions/" + datasetVersion)),
                        d -> Set.of("PUBLISHED", "FAILED").contains(d.path("state").asText()));
        assertThat(dataset.path("state").asText()).as("dataset " + dataset).isEqualTo("PUBLISHED");

        // ---- train (continuous training picks the version up): the trainer after its first checkpoint
        RunAtKill atTrainerKill = await().atMost(STAGE).pollInterval(Duration.ofMillis(100))
                .until(() -> runOf(datasetVersion), r -> r != null && (r.checkpointStep() > 0 || r.ended()));
        assertThat(atTrainerKill.ended()).as("the trainer is killed mid-run: " + atTrainerKill.status()).isFalse();
        String runId = atTrainerKill.id();
        recoveries.add(killAndWatch(InkflowService.TRAINER, "run RUNNING at step " + atTrainerKill.status().path("step").asLong()
                + " of " + STEPS + ", checkpoint of step " + atTrainerKill.checkpointStep() + " in S3", CrashRecoveryIT::ready));

        // ---- evaluate: the evaluator while it scores the candidate the resumed run made
        JsonNode atEvaluatorKill = await().atMost(STAGE).pollInterval(Duration.ofMillis(50))
                .until(() -> candidateOf(runId), v -> v != null && ("EVALUATING".equals(v.path("state").asText())
                        || DECIDED.contains(v.path("state").asText())));
        assertThat(atEvaluatorKill.path("state").asText()).as("the evaluator is killed mid-scoring: " + atEvaluatorKill)
                .isEqualTo("EVALUATING");
        String version = atEvaluatorKill.path("version").asText();
        recoveries.add(killAndWatch(InkflowService.EVALUATOR, "candidate " + version + " EVALUATING, no report yet",
                CrashRecoveryIT::ready));

        JsonNode run = Api.get(url(InkflowService.TRAINER, "/runs/" + runId));
        assertThat(run.path("state").asText()).as("run " + run).isEqualTo("COMPLETED");
        assertThat(run.path("attempts").asInt()).as("the killed start and the resumed one").isEqualTo(2);
        assertThat(run.path("resumedAtStep").asLong()).as("resumed from its checkpoint, not from step 0")
                .isGreaterThanOrEqualTo(atTrainerKill.checkpointStep()).isPositive();
        assertThat(run.path("modelVersion").asText()).isEqualTo(version);

        JsonNode decided = await().atMost(STAGE).pollInterval(Duration.ofMillis(250))
                .until(() -> optional(url(InkflowService.EVALUATOR, "/models/" + MODEL + "/versions/" + version)),
                        v -> v != null && DECIDED.contains(v.path("state").asText()));
        assertThat(decided.path("state").asText()).as("evaluation " + decided).isIn("BLESSED", "REJECTED");
        EvaluationStatus evaluation = EvaluationStatus.read(store.get(Keys.evaluationStatus(MODEL, version)));
        assertThat(evaluation.attempts()).as("the killed evaluation and the one done again").isEqualTo(2);
        assertThat(store.exists(Keys.evaluationDir(MODEL, version) + "report.html")).isTrue();

        // ---- promote and serve: inference between the promotion and the swap
        boolean blessed = "BLESSED".equals(decided.path("state").asText());
        Api.post(url(InkflowService.EVALUATOR, "/models/" + MODEL + "/promote"),
                Map.of("version", version, "alias", "production", "force", !blessed));
        Map<String, String> atInferenceKill = await().atMost(STAGE).pollInterval(Duration.ofMillis(20))
                .until(CrashRecoveryIT::modelReadiness, m -> version.equals(m.get("promotedVersion"))
                        || version.equals(m.get("version")));
        assertThat(atInferenceKill.get("version")).as("inference is killed before it swapped to " + version + ": "
                + atInferenceKill).isEqualTo("1");
        recoveries.add(killAndWatch(InkflowService.INFERENCE, "version " + version + " promoted, version 1 still serving",
                s -> version.equals(servingVersion())));

        // ---- every kill recovered
        List<Recovery> done = new ArrayList<>();
        for (CompletableFuture<Recovery> r : recoveries) {
            done.add(r.get(5, TimeUnit.MINUTES));
        }
        HttpResponse<byte[]> colored = Api.postBytes(url(InkflowService.INFERENCE, "/colorize"),
                store.get(firstSampleInput(datasetVersion)), "image/png");
        assertThat(colored.statusCode()).as(new String(colored.body())).isEqualTo(200);
        assertThat(colored.headers().firstValue("X-Inkflow-Model-Version")).hasValue(version);
        assertThat(platform.restartCounts()).as("each service restarted once, after its kill")
                .containsOnlyKeys(modules().toArray(String[]::new))
                .allSatisfy((module, count) -> assertThat(count).as(module).isEqualTo(1));

        PipelineTopics.Figures f = topics.figures(job);
        DatasetStatus built = DatasetStatus.read(store.get(Keys.datasetStatus(DATASET, datasetVersion)));
        String reference = referenceFingerprint(job, built.request());
        print(done, f, crawl, run, evaluation, Duration.ofNanos(System.nanoTime() - started));
        // Every image of the archive offered, and the job's own counts agree: the resumed attempt starts from the
        // cursor saved before the kill (every 50 rendered items) and renders again what its killed attempt stored
        // after it; the index entry names the job and post, so those count as stored, not as duplicates.
        assertThat(f.offered()).as("distinct images offered").isEqualTo(IMAGES);
        assertThat(crawl.path("counts").path("stored").asLong()).as("the job's stored count: " + crawl).isEqualTo(IMAGES);
        assertThat(crawl.path("counts").path("duplicates").asLong()).as("the job's duplicates: " + crawl).isZero();
        assertThat(f.lost()).as("offered images neither cleaned nor rejected").isZero();
        assertThat(f.deadLetters()).as("records in dead-letter topics: " + f.deadLetterTopics()).isZero();
        assertThat(built.fingerprint()).as("the dataset's fingerprint against the samples the cleaner announced")
                .isEqualTo(reference);
    }

    // ---- the states a kill waits for

    /** The crawl job and the cleaner's counts at one moment. */
    record CrawlAndClean(String state, long stored, long processed) {
        boolean running() {
            return "RUNNING".equals(state);
        }

        boolean ended() {
            return JOB_ENDED.contains(state);
        }
    }

    private static CrawlAndClean crawlAndClean(String job) {
        JsonNode j = Api.get(url(InkflowService.CRAWLER, "/crawl-jobs/" + job));
        JsonNode stats = Api.get(url(InkflowService.CLEANER, "/samples/stats"));
        return new CrawlAndClean(j.path("state").asText(), stored(j),
                stats.path("accepted").asLong() + stats.path("rejected").asLong());
    }

    private static long stored(JsonNode job) {
        return job.path("counts").path("stored").asLong();
    }

    /** A training run's status and its latest complete checkpoint's step (0: none yet). */
    record RunAtKill(String id, JsonNode status, long checkpointStep) {
        boolean ended() {
            return Set.of("COMPLETED", "FAILED", "STOPPED").contains(status.path("state").asText());
        }
    }

    /** The run continuous training started for the dataset version, or null before it exists. */
    private static RunAtKill runOf(String datasetVersion) {
        for (JsonNode r : Api.get(url(InkflowService.TRAINER, "/runs"))) {
            if (DATASET.equals(r.path("datasetName").asText()) && datasetVersion.equals(r.path("datasetVersion").asText())) {
                String id = r.path("id").asText();
                long step = store.list(Keys.runCheckpoints(id)).stream().map(ObjectInfo::key)
                        .filter(k -> k.endsWith("/checkpoint.json"))
                        .mapToLong(k -> Long.parseLong(k.replaceAll(".*/step-0*(\\d+)[^/]*/checkpoint.json", "$1")))
                        .max().orElse(0);
                // Read after the checkpoints, so a run that ended in between is seen as ended.
                return new RunAtKill(id, Api.get(url(InkflowService.TRAINER, "/runs/" + id)), step);
            }
        }
        return null;
    }

    /** The evaluator's view of the candidate the run made, or null before the evaluator has it. */
    private static JsonNode candidateOf(String runId) {
        JsonNode versions = optional(url(InkflowService.EVALUATOR, "/models/" + MODEL + "/versions"));
        if (versions != null) {
            for (JsonNode v : versions) {
                if (runId.equals(v.path("runId").asText())) {
                    return v;
                }
            }
        }
        return null;
    }

    /** The inference readiness check's details ({@code version} serving, {@code promotedVersion} seen). */
    private static Map<String, String> modelReadiness() {
        Map<String, String> data = new TreeMap<>();
        try {
            HttpResponse<String> r = Platform.HTTP.send(HttpRequest.newBuilder(
                    URI.create(url(InkflowService.INFERENCE, "/q/health/ready"))).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode check : EventJson.MAPPER.readTree(r.body()).path("checks")) {
                if ("model".equals(check.path("name").asText())) {
                    check.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
                }
            }
        } catch (IOException e) {
            data.put("error", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return data;
    }

    private static String servingVersion() {
        return Platform.httpStatus(url(InkflowService.INFERENCE, "/q/health/ready")) == 200
                ? modelReadiness().get("version") : null;
    }

    // ---- killing and watching the restart

    /**
     * SIGKILLs the service's current process and watches, on another thread, for the supervisor's new process
     * (another pid) and for it to be ready ({@code ready}).
     */
    private static CompletableFuture<Recovery> killAndWatch(InkflowService service, String caught,
                                                            Predicate<InkflowService> ready) {
        ChildProcess process = platform.process(service);
        Kill kill = new Kill(service, process.pid(), Instant.now(), caught);
        process.kill(); // SIGKILL, as kill -9: no shutdown hook runs, nothing is flushed or committed
        System.out.println("crash: killed " + service.module() + " (pid " + kill.pid() + ") with SIGKILL: " + caught);
        return CompletableFuture.supplyAsync(() -> {
            ChildProcess next = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> platform.process(service), p -> p.pid() != kill.pid());
            Duration restarted = Duration.between(kill.at(), Instant.now());
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100)).until(() -> ready.test(service));
            return new Recovery(kill, next.pid(), restarted, Duration.between(kill.at(), Instant.now()));
        });
    }

    private static boolean ready(InkflowService service) {
        return Platform.httpStatus(url(service, "/q/health/ready")) == 200;
    }

    private static Set<String> modules() {
        Set<String> modules = new HashSet<>();
        for (InkflowService s : InkflowService.values()) {
            modules.add(s.module());
        }
        return modules;
    }

    // ---- the reference and the report

    /**
     * The fingerprint the cleaner's planner gives the recorded request over exactly the samples announced on
     * {@code inkflow.samples.cleaned} for this crawl's images (see the class comment).
     */
    private static String referenceFingerprint(String job, DatasetStatus.Request r) {
        Set<String> offered = topics.offered(job);
        Map<String, SampleMeta> announced = new TreeMap<>();
        topics.read(Topics.SAMPLES_CLEANED).stream().map(PipelineTopics::json).map(e -> e.path("sha256").asText())
                .filter(offered::contains)
                .forEach(sha -> announced.computeIfAbsent(sha, s -> SampleMeta.read(store.get(Keys.sampleMeta(s)))));
        DatasetSpec spec = new DatasetSpec(r.name(), r.imageSize(), r.normalize(), r.lineArt(), r.requirePaired(),
                r.maxPerTag(), r.minPerTag(), r.includeTags(), r.excludeTags(), r.train(), r.validation(), r.test(), r.seed());
        return DatasetPlanner.plan(List.copyOf(announced.values()), spec).fingerprint();
    }

    private static String firstSampleInput(String datasetVersion) {
        DatasetManifest manifest = DatasetManifest.read(store.get(Keys.datasetManifest(DATASET, datasetVersion)));
        return manifest.split(DatasetManifest.TEST).get(0).inputKey();
    }

    private static void print(List<Recovery> recoveries, PipelineTopics.Figures f, JsonNode crawl, JsonNode run,
                              EvaluationStatus evaluation, Duration wall) {
        StringBuilder table = new StringBuilder("CRASH RESULT: kill -9 of each service once\n");
        table.append(String.format("%-14s %-10s %-10s %10s %10s  %s%n", "service", "pid", "new pid", "restart s",
                "ready s", "caught"));
        for (Recovery r : recoveries) {
            table.append(String.format("%-14s %-10d %-10d %10.1f %10.1f  %s%n", r.kill().service().module(), r.kill().pid(),
                    r.newPid(), r.restarted().toMillis() / 1000.0, r.ready().toMillis() / 1000.0, r.kill().caught()));
        }
        table.append(String.format("images: offered %d, processed %d (cleaned or rejected), lost %d, duplicated %d"
                        + " (images.raw records %d, processed records %d), dead letters %d%n",
                f.offered(), f.processed(), f.lost(), f.duplicated(), f.rawRecords(), f.processedRecords(), f.deadLetters()));
        table.append(String.format("crawl job attempts %d (counts stored %d, duplicates %d); run attempts %d, resumed at"
                        + " step %d of %d; evaluation attempts %d%n",
                crawl.path("attempts").asInt(), crawl.path("counts").path("stored").asLong(),
                crawl.path("counts").path("duplicates").asLong(), run.path("attempts").asInt(), run.path("resumedAtStep").asLong(),
                run.path("totalSteps").asLong(), evaluation.attempts()));
        table.append(String.format("test wall time %.1f s (after the platform started)%n", wall.toMillis() / 1000.0));
        System.out.print(table);
    }

    // ---- REST

    private static String url(InkflowService service, String path) {
        return platform.url(service, path);
    }

    /** GET as the operator; null when the service does not answer 2xx (it may be restarting). */
    private static JsonNode optional(String url) {
        try {
            return Api.get(url);
        } catch (Api.ApiException e) {
            return null;
        }
    }
}
