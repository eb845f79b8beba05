package org.inkflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.inkflow.cleaner.dedup.DuplicateIndex;
import org.inkflow.cleaner.dedup.ImageFingerprint;
import org.inkflow.common.artifacts.DatasetManifest;
import org.inkflow.common.artifacts.SampleMeta;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.Topics;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.ChildProcess;
import org.inkflow.localstack.ConsumerGroups;
import org.inkflow.localstack.S3ProxyServer;
import org.inkflow.localstack.WorkDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The platform at two replicas of every service (issue 14): ten service processes on one broker and one S3, every
 * topic with 3 partitions, the pipeline run on OpenMoji while replicas die and are added, and nothing restarted.
 * <ol>
 *   <li><b>Cleaning</b>: once the cleaner has processed some, not all, of the images stored so far, one cleaner
 *   replica is SIGKILLed; its partitions move to the other after its session times out.</li>
 *   <li><b>Crawl, and a scale-up mid-crawl</b>: with a third of the images stored, both crawler replicas are frozen
 *   (SIGSTOP), so the crawl holds mid-job; a cleaner replica is added and the test waits until the survivor and the
 *   new one share {@code images.raw}'s partitions; then the crawler replica that owns the job is SIGKILLed, the other
 *   thawed (SIGCONT; the broker evicted it meanwhile, so it joins again) and a third crawler replica added. The crawl
 *   is taken over from its cursor, and the rest of its images are cleaned by both cleaners: the added one cleans
 *   some of them (work spreads).</li>
 *   <li><b>Training</b>: a 4-trial random search whose trials fall on every partition, so both trainers train
 *   trials at once; the replica training a trial that has a checkpoint is SIGKILLed mid-trial; the survivor resumes
 *   that trial from its checkpoint and trains the rest.</li>
 *   <li>The search's best model is evaluated by one of the two evaluators, blessed and promoted, and both inference
 *   replicas serve it.</li>
 * </ol>
 * Then: the raw objects stored equal the distinct images the job offered, every one of them cleaned or rejected once
 * (in the dataset's manifest or rejected, never both, no manifest entry twice), no two accepted samples near-duplicates
 * of each other (what one replica guarantees), every trial COMPLETED once, the killed one resumed from its
 * checkpoint (its step log shows the resume, no step twice), one version BLESSED and served, no dead letter, and
 * every replica answers 404 for an unknown id. Prints the figures (counts, times to take over).
 */
@Timeout(value = 14, unit = TimeUnit.MINUTES)
class ScaleOutIT {

    static final int IMAGES = Integer.getInteger("inkflow.scale.images", 240);
    static final int TRIALS = 4;
    static final int TRIAL_STEPS = Integer.getInteger("inkflow.scale.trial-steps", 150);
    static final int CHECKPOINT_EVERY = 50;
    static final int PARTITIONS = Platform.DEFAULT_PARTITIONS;
    static final String MODEL = "colorizer";
    static final String DATASET = "scale";
    static final Duration STAGE = Duration.ofMinutes(5);
    static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED", "STOPPED");

    static Path stateDir;
    static Platform platform;
    static ObjectStore store;
    static PipelineTopics topics;
    static String data;

    @BeforeAll
    static void startTwoReplicasOfEverything() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        stateDir = Files.createTempDirectory("inkflow-scale-");
        data = OpenMojiData.locate(System.getProperty("inkflow.e2e.data"), root.resolve(".inkflow/cache"));
        platform = Platform.start(settings(root, stateDir, data, 2, System.out::println));
        store = ObjectStore.connect(platform.s3Endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "inkflow", "us-east-1");
        topics = new PipelineTopics(platform.kafkaBootstrapServers());
        for (var work : Map.of("inkflow-crawler", Topics.CRAWL_JOBS, "inkflow-cleaner", Topics.IMAGES_RAW,
                "inkflow-trainer", Topics.TRAINING_TRIALS).entrySet()) {
            ConsumerGroups.awaitShared(platform.kafkaBootstrapServers(), work.getKey(), work.getValue(), 2, PARTITIONS,
                    Duration.ofSeconds(90));
        }
    }

    /**
     * The platform these tests (and {@code bench/replicas.sh}) run: the crawler may import {@code data}; the dataset
     * is asked for once everything offered is cleaned (one version, whatever died) and the search is submitted by
     * the caller; each trainer trains on one TensorFlow thread; the evaluator promotes what it blesses.
     */
    static Platform.Settings settings(Path root, Path state, String data, int replicas, java.util.function.Consumer<String> log) {
        Map<InkflowService, Map<String, String>> env = new EnumMap<>(InkflowService.class);
        env.put(InkflowService.CRAWLER, Map.of("INKFLOW_CRAWLER_ALLOW_PRIVATE_HOSTS", "127.0.0.1",
                "INKFLOW_CRAWLER_IMPORT_ROOTS", OpenMojiData.importRoots(data, root.resolve(".inkflow/cache"))));
        Map<InkflowService, Map<String, String>> props = new EnumMap<>(InkflowService.class);
        props.put(InkflowService.CLEANER, Map.of("inkflow.cleaner.auto-dataset.enabled", "false"));
        props.put(InkflowService.TRAINER, Map.of("inkflow.trainer.auto-train.enabled", "false",
                "inkflow.trainer.tensorflow-threads", "1"));
        props.put(InkflowService.EVALUATOR, Map.of("inkflow.evaluator.promote-on-bless", "true"));
        return new Platform.Settings(root, state, false, false, env, props, log).withReplicas(replicas);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (platform != null) {
            platform.close();
        }
        // The twelve processes' logs outlive the run in target/, for a failure's post-mortem (small text files).
        Path logs = stateDir.resolve("logs");
        if (Files.isDirectory(logs)) {
            Path kept = Files.createDirectories(Path.of("target/scale-out-logs"));
            try (var files = Files.list(logs)) {
                for (Path f : files.toList()) {
                    Files.copy(f, kept.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        WorkDirs.deleteRecursively(stateDir);
    }

    @Test
    void killedReplicasWorkIsFinishedByTheOthersAndAnAddedReplicaTakesAShare() throws Exception {
        long started = System.nanoTime();
        List<String> figures = new ArrayList<>();
        List<Platform.Replica> crawlers = platform.replicas(InkflowService.CRAWLER);
        List<Platform.Replica> cleaners = platform.replicas(InkflowService.CLEANER);
        checkProcessesFile(10);

        // ---- crawl, submitted to the second crawler: any replica accepts it
        JsonNode submitted = Api.post(crawlers.get(1).url("/crawl-jobs"), Map.of("source", "openmoji",
                "baseUrl", data, "tags", List.of(), "maxImages", IMAGES, "size", 64));
        String job = submitted.path("id").asText();
        assertThat(Api.get(crawlers.get(0).url("/crawl-jobs/" + job)).path("state").asText())
                .as("the other replica answers for the job").isIn("QUEUED", "RUNNING", "COMPLETED");

        // ---- 1. a cleaner replica killed mid-cleaning
        long[] atCleanerKill = await().atMost(STAGE).pollInterval(Duration.ofMillis(50))
                .until(() -> new long[] {stored(job), processed()}, s -> s[1] >= 3 && s[1] < s[0] || s[0] >= IMAGES);
        assertThat(atCleanerKill[0]).as("the cleaner is killed while the crawl runs").isLessThan(IMAGES);
        Platform.Replica killedCleaner = cleaners.get(0);
        platform.killReplica(killedCleaner);
        long cleanerKilledAt = System.nanoTime();
        figures.add("cleaner " + killedCleaner.name() + " SIGKILLed with " + atCleanerKill[1] + " of "
                + atCleanerKill[0] + " stored images processed");

        // ---- 2. the crawl held mid-job (both crawlers frozen), a cleaner added, the owner killed, a crawler added
        await().atMost(STAGE).pollInterval(Duration.ofMillis(20)).until(() -> stored(job) >= IMAGES / 3);
        Platform.Replica owner = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> crawlers.stream().filter(r -> mentions(r, "job=\"" + job + "\"")).findFirst().orElse(null),
                        r -> r != null);
        Platform.Replica other = crawlers.stream().filter(r -> r != owner).findFirst().orElseThrow();
        platform.process(other).pause();
        platform.process(owner).pause();
        long storedAtFreeze = store.list("raw/index/sha256/").size();
        assertThat(storedAtFreeze).as("frozen mid-crawl").isLessThan(IMAGES);

        Platform.Replica addedCleaner = platform.addReplica(InkflowService.CLEANER);
        // The killed cleaner is evicted (session timeout), the survivor and the added one share images.raw.
        ConsumerGroups.awaitShared(platform.kafkaBootstrapServers(), "inkflow-cleaner", Topics.IMAGES_RAW, 2,
                PARTITIONS, Duration.ofSeconds(120));
        figures.add(String.format("cleaner %s added mid-crawl; images.raw shared by %s and %s %.1f s after the kill",
                addedCleaner.name(), cleaners.get(1).name(), addedCleaner.name(), seconds(cleanerKilledAt)));

        ChildProcess killedCrawler = platform.killReplica(owner);
        long crawlerKilledAt = System.nanoTime();
        platform.process(other).resume();
        // Scaled up while the job waits for a new owner: the takeover is timed from the kill, not after the start.
        CompletableFuture<Platform.Replica> adding = CompletableFuture.supplyAsync(
                () -> platform.addReplica(InkflowService.CRAWLER));
        Platform.Replica taker = await().atMost(STAGE).pollInterval(Duration.ofMillis(100))
                .until(() -> platform.replicas(InkflowService.CRAWLER).stream()
                        .filter(r -> r != owner && mentions(r, "job=\"" + job + "\"")).findFirst().orElse(null),
                        r -> r != null);
        double takeover = seconds(crawlerKilledAt);
        Platform.Replica addedCrawler = adding.get(5, TimeUnit.MINUTES);
        figures.add(String.format("crawler %s (pid %d, owner of the job) SIGKILLed frozen with %d of %d images stored;"
                        + " %s added; %s took the job over %.1f s after the kill", owner.name(), killedCrawler.pid(),
                storedAtFreeze, IMAGES, addedCrawler.name(), taker.name(), takeover));
        checkProcessesFile(12);

        JsonNode crawl = await().atMost(STAGE).pollInterval(Duration.ofMillis(500))
                .until(() -> Api.get(other.url("/crawl-jobs/" + job)), j -> ENDED.contains(j.path("state").asText()));
        assertThat(crawl.path("state").asText()).as("crawl job " + crawl).isEqualTo("COMPLETED");
        await().atMost(STAGE).pollInterval(Duration.ofMillis(500)).until(() -> topics.caughtUp(job));
        long cleanedByAdded = counterSum(addedCleaner, "inkflow_cleaner_received_images_total");
        assertThat(cleanedByAdded).as("the cleaner added mid-crawl took a share of the images").isPositive();
        figures.add("crawl " + crawl.path("state").asText() + " in " + crawl.path("attempts").asInt() + " attempts;"
                + " the added cleaner received " + cleanedByAdded + " images");

        // ---- dataset, asked for once everything offered is cleaned
        JsonNode requested = Api.post(cleaners.get(1).url("/datasets"), Map.of("name", DATASET, "imageSize", 64,
                "lineArt", "paired", "splits", Map.of("train", 0.7, "validation", 0.15, "test", 0.15)));
        String datasetVersion = requested.path("version").asText();
        JsonNode dataset = await().atMost(STAGE).pollInterval(Duration.ofMillis(250))
                .until(() -> Api.get(addedCleaner.url("/datasets/" + DATASET + "/versions/" + datasetVersion)),
                        d -> Set.of("PUBLISHED", "FAILED").contains(d.path("state").asText()));
        assertThat(dataset.path("state").asText()).as("dataset " + dataset).isEqualTo("PUBLISHED");

        // ---- 3. a 4-trial random search over both trainers; the one training a checkpointed trial killed
        List<Platform.Replica> trainers = platform.replicas(InkflowService.TRAINER);
        String search = spreadRunId();
        Api.post(trainers.get(0).url("/runs"), Map.of("runId", search, "datasetName", DATASET,
                "datasetVersion", datasetVersion, "modelName", MODEL,
                "hyperparameters", Map.of("steps", TRIAL_STEPS, "validateEvery", CHECKPOINT_EVERY,
                        "checkpointEvery", CHECKPOINT_EVERY, "logEvery", 10, "earlyStoppingPatience", 0,
                        "keepCheckpoints", 2),
                "search", Map.of("strategy", "random", "trials", TRIALS, "seed", 7,
                        "space", Map.of("learningRate", Map.of("min", 0.002, "max", 0.01, "log", true)))));
        record Caught(String trial, Platform.Replica trainer, long checkpointStep) {
        }
        Caught caught = await().atMost(STAGE).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (String trial : trialIds(search)) {
                long step = latestCheckpointStep(trial);
                if (step > 0 && step < TRIAL_STEPS) {
                    for (Platform.Replica t : trainers) {
                        if (mentions(t, "run=\"" + trial + "\"") && "RUNNING".equals(runState(t, trial))) {
                            return new Caught(trial, t, step);
                        }
                    }
                }
            }
            return null;
        }, c -> c != null);
        Platform.Replica survivor = trainers.stream().filter(t -> t != caught.trainer()).findFirst().orElseThrow();
        platform.killReplica(caught.trainer());
        long trainerKilledAt = System.nanoTime();
        await().atMost(STAGE).pollInterval(Duration.ofMillis(200)).until(() -> mentions(survivor, "run=\"" + caught.trial() + "\""));
        figures.add(String.format("trainer %s SIGKILLed mid-trial (%s, checkpoint of step %d of %d); %s resumed it"
                        + " %.1f s after the kill", caught.trainer().name(), caught.trial(), caught.checkpointStep(),
                TRIAL_STEPS, survivor.name(), seconds(trainerKilledAt)));

        JsonNode run = await().atMost(STAGE).pollInterval(Duration.ofMillis(500))
                .until(() -> Api.get(survivor.url("/runs/" + search)), r -> ENDED.contains(r.path("state").asText()));
        assertThat(run.path("state").asText()).as("search " + run).isEqualTo("COMPLETED");
        assertThat(run.path("trials")).hasSize(TRIALS);
        Map<String, Integer> attempts = new TreeMap<>();
        for (String trial : trialIds(search)) {
            JsonNode t = Api.get(survivor.url("/runs/" + trial));
            assertThat(t.path("state").asText()).as(trial + ": " + t).isEqualTo("COMPLETED");
            attempts.put(trial, t.path("attempts").asInt());
            List<Long> steps = stepLog(trial);
            assertThat(steps).as(trial + "'s step log: each step once, in order").doesNotHaveDuplicates().isSorted()
                    .contains(1L, (long) TRIAL_STEPS);
        }
        Map<String, Long> completedEvents = topics.read(Topics.TRAINING_PROGRESS).stream().map(PipelineTopics::json)
                .filter(e -> "COMPLETED".equals(e.path("state").asText()))
                .collect(Collectors.groupingBy(e -> e.path("runId").asText(), TreeMap::new, Collectors.counting()));
        for (String trial : trialIds(search)) {
            assertThat(completedEvents.get(trial)).as(trial + " COMPLETED events: " + completedEvents).isEqualTo(1L);
        }
        JsonNode resumed = Api.get(survivor.url("/runs/" + caught.trial()));
        assertThat(resumed.path("attempts").asInt()).as("the killed start and the resumed one").isEqualTo(2);
        assertThat(resumed.path("resumedAtStep").asLong()).as("resumed from its checkpoint, not from step 0")
                .isGreaterThanOrEqualTo(caught.checkpointStep()).isPositive();
        assertThat(new String(store.get("runs/" + caught.trial() + "/metrics.jsonl"), StandardCharsets.UTF_8))
                .contains("\"type\":\"resume\"");
        figures.add("search " + run.path("state").asText() + ", trial attempts " + attempts + ", the killed trial"
                + " resumed at step " + resumed.path("resumedAtStep").asLong());

        // ---- 4. evaluated by one of the evaluators, blessed, promoted, served by both inference replicas
        String version = run.path("modelVersion").asText();
        JsonNode decided = await().atMost(STAGE).pollInterval(Duration.ofMillis(250))
                .until(() -> optional(platform.replicas(InkflowService.EVALUATOR).get(1)
                        .url("/models/" + MODEL + "/versions/" + version)),
                        v -> v != null && Set.of("BLESSED", "REJECTED", "FAILED").contains(v.path("state").asText()));
        assertThat(decided.path("state").asText()).as("evaluation " + decided).isEqualTo("BLESSED");
        JsonNode versions = Api.get(platform.replicas(InkflowService.EVALUATOR).get(0).url("/models/" + MODEL + "/versions"));
        assertThat(versions).as("one candidate, blessed: " + versions).hasSize(1);
        DatasetManifest manifest = DatasetManifest.read(store.get(Keys.datasetManifest(DATASET, datasetVersion)));
        byte[] lineArt = store.get(manifest.split(DatasetManifest.TEST).get(0).inputKey());
        for (Platform.Replica inference : platform.replicas(InkflowService.INFERENCE)) {
            await().atMost(STAGE).pollInterval(Duration.ofMillis(250)).until(() -> {
                HttpResponse<byte[]> r = Api.postBytes(inference.url("/colorize"), lineArt, "image/png");
                return r.statusCode() == 200 && r.headers().firstValue("X-Inkflow-Model-Version").orElse("").equals(version);
            });
        }

        // ---- the counts
        PipelineTopics.Figures f = topics.figures(job);
        Set<String> offered = topics.offered(job);
        long rawStored = store.list("raw/index/sha256/").size();
        assertThat(rawStored).as("raw objects stored = distinct images offered").isEqualTo(offered.size());
        assertThat(crawl.path("counts").path("stored").asLong()).as("the job's stored count").isEqualTo(offered.size());
        Set<String> rejected = new HashSet<>();
        topics.read(Topics.SAMPLES_REJECTED).stream().map(PipelineTopics::json).map(e -> e.path("sha256").asText())
                .filter(offered::contains).forEach(rejected::add);
        List<String> inManifest = new ArrayList<>();
        for (String split : List.of(DatasetManifest.TRAIN, DatasetManifest.VALIDATION, DatasetManifest.TEST)) {
            manifest.split(split).forEach(s -> inManifest.add(s.sha256()));
        }
        assertThat(inManifest).as("no sample twice in the manifest").doesNotHaveDuplicates();
        Set<String> accepted = Set.copyOf(inManifest);
        assertThat(accepted).as("accepted or rejected, never both").doesNotContainAnyElementsOf(rejected);
        assertThat(f.lost()).as("offered images neither cleaned nor rejected").isZero();
        assertThat(f.deadLetters()).as("records in dead-letter topics: " + f.deadLetterTopics()).isZero();
        int nearDuplicatesAccepted = nearDuplicatePairs(accepted);
        assertThat(nearDuplicatesAccepted).as("near-duplicate pairs among the accepted samples").isZero();
        long nearDuplicatesRejected = topics.read(Topics.SAMPLES_REJECTED).stream().map(PipelineTopics::json)
                .filter(e -> offered.contains(e.path("sha256").asText()) && "near-duplicate".equals(e.path("rule").asText()))
                .map(e -> e.path("sha256").asText()).distinct().count();
        Map<String, Integer> unknown = unknownIdAnswers();
        assertThat(unknown.values()).as("GET for an unknown id, per live replica: " + unknown).containsOnly(404);

        figures.add(String.format("images: offered %d (raw objects %d), in the manifest %d, rejected %d (near-duplicates"
                        + " %d, none accepted), lost %d, dead letters %d; images.raw records %d, outcome records %d",
                offered.size(), rawStored, accepted.size(), rejected.size(), nearDuplicatesRejected, f.lost(),
                f.deadLetters(), f.rawRecords(), f.processedRecords()));
        figures.add(String.format("version %s BLESSED, promoted, served by %d inference replicas; test %.1f s",
                version, platform.replicas(InkflowService.INFERENCE).size(), seconds(started)));
        System.out.println("SCALE-OUT RESULT\n  " + String.join("\n  ", figures));
    }

    // ---- states

    private static long stored(String job) {
        JsonNode j = optional(platform.url(InkflowService.CRAWLER, "/crawl-jobs/" + job));
        return j == null ? 0 : j.path("counts").path("stored").asLong();
    }

    /** Images the cleaners processed (accepted + rejected), from S3 and the topics as any replica reports them. */
    private static long processed() {
        JsonNode stats = optional(platform.url(InkflowService.CLEANER, "/samples/stats"));
        return stats == null ? 0 : stats.path("accepted").asLong() + stats.path("rejected").asLong();
    }

    private static String runState(Platform.Replica trainer, String id) {
        JsonNode r = optional(trainer.url("/runs/" + id));
        return r == null ? "" : r.path("state").asText();
    }

    private static long latestCheckpointStep(String run) {
        return store.list(Keys.runCheckpoints(run)).stream().map(ObjectInfo::key)
                .filter(k -> k.endsWith("/checkpoint.json"))
                .mapToLong(k -> Long.parseLong(k.replaceAll(".*/step-0*(\\d+)[^/]*/checkpoint.json", "$1")))
                .max().orElse(0);
    }

    private static List<Long> stepLog(String run) {
        String metrics = new String(store.get("runs/" + run + "/metrics.jsonl"), StandardCharsets.UTF_8);
        return metrics.lines().filter(l -> l.contains("\"type\":\"step\""))
                .map(l -> Long.parseLong(l.replaceAll(".*\"step\":(\\d+).*", "$1"))).toList();
    }

    static List<String> trialIds(String runId) {
        return IntStream.rangeClosed(1, TRIALS).mapToObj(t -> runId + "-t" + t).toList();
    }

    /** A search id whose trials' keys fall on every partition, so both trainers own some whatever the assignment. */
    static String spreadRunId() {
        for (int k = 0; ; k++) {
            String id = "scale-search-" + k;
            Set<Integer> partitions = trialIds(id).stream()
                    .map(t -> Utils.toPositive(Utils.murmur2(t.getBytes(StandardCharsets.UTF_8))) % PARTITIONS)
                    .collect(Collectors.toSet());
            if (partitions.size() == PARTITIONS) {
                return id;
            }
        }
    }

    /** Pairs of accepted samples within the cleaner's near-duplicate limits (its defaults: 6 bits, colour 0.03). */
    private static int nearDuplicatePairs(Set<String> accepted) {
        DuplicateIndex index = new DuplicateIndex();
        int pairs = 0;
        for (String sha : new java.util.TreeSet<>(accepted)) {
            SampleMeta meta = SampleMeta.read(store.get(Keys.sampleMeta(sha)));
            ImageFingerprint fingerprint = ImageFingerprint.parse(meta.perceptualHash(), meta.colorGrid());
            if (index.nearest(fingerprint, DuplicateIndex.DEFAULT_DISTANCE, 0.03).isPresent()) {
                pairs++;
            }
            index.add(sha, fingerprint);
        }
        return pairs;
    }

    /** The status every live replica of every service answers for a well-formed id nobody made, per replica. */
    private static Map<String, Integer> unknownIdAnswers() {
        Map<InkflowService, String> paths = Map.of(
                InkflowService.CRAWLER, "/crawl-jobs/00000000-0000-4000-8000-000000000000",
                InkflowService.CLEANER, "/datasets/" + DATASET + "/versions/20200101T000000Z-000000000000",
                InkflowService.TRAINER, "/runs/no-such-run",
                InkflowService.EVALUATOR, "/models/" + MODEL + "/versions/v20200101-000000-000000");
        Map<String, Integer> statuses = new TreeMap<>();
        paths.forEach((service, path) -> platform.replicas(service).stream()
                .filter(platform::alive)
                .forEach(r -> statuses.put(r.name() + " " + path, Platform.httpStatus(r.url(path)))));
        return statuses;
    }

    /** {@code processes.json} names every replica started so far, and each live one with its pid. */
    private static void checkProcessesFile(int rows) throws Exception {
        JsonNode list = EventJson.MAPPER.readTree(stateDir.resolve(Platform.PROCESSES_FILE).toFile());
        assertThat(list).hasSize(rows);
        Map<String, Integer> perService = new LinkedHashMap<>();
        for (JsonNode row : list) {
            perService.merge(row.path("service").asText(), 1, Integer::sum);
            if (row.path("alive").asBoolean()) {
                assertThat(row.path("pid").asLong()).isPositive();
                assertThat(Platform.httpStatus("http://127.0.0.1:" + row.path("port").asInt() + "/q/health/live"))
                        .as(row.toString()).isEqualTo(200);
            }
        }
        assertThat(perService.keySet()).hasSize(InkflowService.values().length);
    }

    // ---- a replica's own metrics

    /** Whether the replica's metrics mention {@code text}: a unit's gauges exist only where it was started. */
    private static boolean mentions(Platform.Replica replica, String text) {
        return metrics(replica).contains(text);
    }

    private static long counterSum(Platform.Replica replica, String name) {
        return (long) metrics(replica).lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String metrics(Platform.Replica replica) {
        if (!platform.alive(replica)) {
            return "";
        }
        try {
            HttpResponse<String> r = Platform.HTTP.send(HttpRequest.newBuilder(URI.create(replica.url("/q/metrics")))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    /** GET as the operator; null when the service does not answer 2xx. */
    private static JsonNode optional(String url) {
        try {
            return Api.get(url);
        } catch (Api.ApiException e) {
            return null;
        }
    }
}
