package org.inkflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.S3ProxyServer;
import org.inkflow.localstack.WorkDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Faults on the real processes while images are crawled and cleaned (issue 18): the S3 server paused (SIGSTOP) for
 * 40 s, then killed and started again 30 s later; and the Kafka broker stopped and restarted with the same log
 * directory. Each fault prints records offered / processed / lost / duplicated and the time to recover after it
 * ends. The platform runs as the demo runs it (five service processes, a broker process, S3Proxy on disk), without
 * the training chain (continuous datasets and training off); inference serves a tiny real model throughout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class FaultsIT {

    static final int IMAGES = Integer.getInteger("inkflow.faults.images", 160);
    static final Duration PAUSE = Duration.ofSeconds(Long.getLong("inkflow.faults.s3-pause-seconds", 40));
    static final Duration DOWN = Duration.ofSeconds(Long.getLong("inkflow.faults.s3-down-seconds", 30));
    static final String MODEL = "colorizer";

    static Path stateDir;
    static Path dataDir;
    static Platform platform;
    static ObjectStore store;
    static ReadinessWatch inferenceReady;
    static PipelineTopics topics;

    @BeforeAll
    static void startThePlatformAndServeAModel() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        stateDir = Files.createTempDirectory("inkflow-faults-");
        dataDir = Files.createDirectories(stateDir.resolve("data"));
        Map<InkflowService, Map<String, String>> env = new EnumMap<>(InkflowService.class);
        env.put(InkflowService.CRAWLER, Map.of("INKFLOW_CRAWLER_IMPORT_ROOTS", dataDir.toString()));
        Map<InkflowService, Map<String, String>> props = new EnumMap<>(InkflowService.class);
        // Only crawl and clean: no dataset builds or training runs competing for the CPU.
        props.put(InkflowService.CLEANER, Map.of("inkflow.cleaner.auto-dataset.enabled", "false"));
        props.put(InkflowService.TRAINER, Map.of("inkflow.trainer.auto-train.enabled", "false"));
        platform = Platform.start(new Platform.Settings(root, stateDir, false, true, env, props, System.out::println));
        topics = new PipelineTopics(platform.kafkaBootstrapServers());
        store = ObjectStore.connect(platform.s3Endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "inkflow", "us-east-1");

        topics.promoteTinyModel(store, stateDir, MODEL, "1");
        String ready = platform.url(InkflowService.INFERENCE, "/q/health/ready");
        PipelineDriver.await("inference to serve " + MODEL + " 1", Duration.ofMinutes(3),
                () -> Platform.httpStatus(ready) == 200 ? true : null);
        inferenceReady = new ReadinessWatch(ready);
    }

    @AfterAll
    static void stopEverything() {
        if (inferenceReady != null) {
            inferenceReady.close();
        }
        if (platform != null) {
            platform.close();
        }
        WorkDirs.deleteRecursively(stateDir);
    }

    @Test
    @Order(1)
    void anS3OutageDelaysTheCrawlAndTheCleanerButLosesNothing() throws Exception {
        Path data = OpenMojiFixture.write(dataDir.resolve("a"), IMAGES, 1);
        int notReadyBefore = inferenceReady.failures();
        String job = startCrawl(data, IMAGES);
        awaitStored(job, 10);

        S3ProxyServer s3 = platform.s3Server();
        System.out.println("faults: S3 paused (SIGSTOP) for " + PAUSE.toSeconds() + " s");
        s3.pause();
        hold(PAUSE); // the fault's length is the test's input, not a wait for a condition
        System.out.println("faults: S3 killed (SIGKILL), down for " + DOWN.toSeconds() + " s");
        s3.kill();
        hold(DOWN);
        s3.restart();
        Instant ended = Instant.now();
        System.out.println("faults: S3 started again on the same port and data directory");

        Recovery recovery = awaitRecovery(job, ended);
        PipelineTopics.Figures f = topics.figures(job);
        print(f, "S3 paused " + PAUSE.toSeconds() + " s, then killed for " + DOWN.toSeconds() + " s", recovery);
        assertThat(recovery.job().path("state").asText()).as("crawl job " + recovery.job()).isEqualTo("COMPLETED");
        assertThat(recovery.job().path("counts").path("failed").asLong()).as("images failed by the job").isZero();
        assertThat(f.offered()).as("images offered").isEqualTo(recovery.job().path("counts").path("stored").asLong())
                .isGreaterThan(0);
        assertThat(f.lost()).as("offered images neither cleaned nor rejected").isZero();
        assertThat(f.duplicated()).as("duplicate records").isZero();
        assertThat(f.deadLetters()).as("records in dead-letter topics: " + f.deadLetterTopics()).isZero();
        assertThat(inferenceReady.failures() - notReadyBefore).as("inference readiness checks that failed during the"
                + " outage: " + inferenceReady.failureLog()).isZero();
        assertThat(inferenceReady.checks()).isGreaterThan(50);
    }

    @Test
    @Order(2)
    void aBrokerRestartMidPipelineLosesNothing() throws Exception {
        Path data = OpenMojiFixture.write(dataDir.resolve("b"), IMAGES, 2);
        String job = startCrawl(data, IMAGES);
        awaitStored(job, 10);

        System.out.println("faults: Kafka broker restarting (SIGTERM, then a start with the same log directory)");
        Instant start = Instant.now();
        platform.kafkaBroker().restart();
        Instant ended = Instant.now();
        System.out.println("faults: Kafka broker back after " + Duration.between(start, ended).toMillis() + " ms");

        Recovery recovery = awaitRecovery(job, ended);
        PipelineTopics.Figures f = topics.figures(job);
        print(f, "Kafka broker restarted (down " + Duration.between(start, ended).toSeconds() + " s)", recovery);
        assertThat(recovery.job().path("state").asText()).as("crawl job " + recovery.job()).isEqualTo("COMPLETED");
        assertThat(f.offered()).isGreaterThan(0);
        assertThat(f.lost()).as("offered images neither cleaned nor rejected").isZero();
        assertThat(f.deadLetters()).as("records in dead-letter topics: " + f.deadLetterTopics()).isZero();
    }

    // ---- driving

    private static String startCrawl(Path tarball, int images) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("source", "openmoji");
        request.put("baseUrl", tarball.toString());
        request.put("tags", List.of());
        request.put("maxImages", images);
        request.put("size", 64);
        return Api.post(platform.url(InkflowService.CRAWLER, "/crawl-jobs"), request).path("id").asText();
    }

    private static JsonNode job(String id) {
        return Api.get(platform.url(InkflowService.CRAWLER, "/crawl-jobs/" + id));
    }

    private static void awaitStored(String job, int stored) {
        JsonNode j = PipelineDriver.await("crawl job " + job + " to store " + stored + " images", Duration.ofMinutes(3), () -> {
            JsonNode s = job(job);
            return s.path("counts").path("stored").asLong() >= stored || !"RUNNING".equals(s.path("state").asText())
                    && !"QUEUED".equals(s.path("state").asText()) ? s : null;
        });
        assertThat(j.path("state").asText()).as("the fault must come while the job runs: " + j).isEqualTo("RUNNING");
    }

    /** How the pipeline came back after a fault ended. */
    record Recovery(JsonNode job, Duration firstProgress, Duration drained) {
    }

    /**
     * Waits until the crawl job has ended and the cleaner has caught up with everything it stored, noting when the
     * first image was stored or cleaned after the fault and when all was done.
     */
    private static Recovery awaitRecovery(String job, Instant faultEnded) {
        long[] baseline = {-1, -1};
        Duration[] first = {null};
        JsonNode done = PipelineDriver.await("crawl job " + job + " to end and the cleaner to catch up", Duration.ofMinutes(6), () -> {
            JsonNode j = job(job);
            JsonNode stats = Api.get(platform.url(InkflowService.CLEANER, "/samples/stats"));
            long stored = j.path("counts").path("stored").asLong();
            long cleaned = stats.path("accepted").asLong() + stats.path("rejected").asLong();
            if (baseline[0] < 0) {
                baseline[0] = stored;
                baseline[1] = cleaned;
            } else if (first[0] == null && (stored > baseline[0] || cleaned > baseline[1])) {
                first[0] = Duration.between(faultEnded, Instant.now());
            }
            boolean ended = Set.of("COMPLETED", "FAILED", "CANCELLED").contains(j.path("state").asText());
            if (ended && !"COMPLETED".equals(j.path("state").asText())) {
                return j; // fails in the caller, with the job's error
            }
            return ended && topics.caughtUp(job) ? j : null;
        });
        Duration drained = Duration.between(faultEnded, Instant.now());
        return new Recovery(done, first[0] == null ? drained : first[0], drained);
    }

    private static void hold(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    // ---- measuring

    private static void print(PipelineTopics.Figures f, String fault, Recovery recovery) {
        System.out.printf("FAULT RESULT [%s]: offered %d, processed %d (cleaned or rejected), lost %d, duplicated %d"
                        + " (images.raw records %d, processed records %d), dead letters %d; first progress %.1f s"
                        + " and all done %.1f s after the fault ended%n",
                fault, f.offered(), f.processed(), f.lost(), f.duplicated(), f.rawRecords(), f.processedRecords(),
                f.deadLetters(), recovery.firstProgress().toMillis() / 1000.0, recovery.drained().toMillis() / 1000.0);
    }

    /** Polls a readiness URL every 250 ms on its own thread and counts the answers that were not 200. */
    static final class ReadinessWatch implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger checks = new AtomicInteger();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final Thread thread;

        ReadinessWatch(String url) {
            thread = new Thread(() -> {
                while (running.get()) {
                    int status = Platform.httpStatus(url);
                    checks.incrementAndGet();
                    if (status != 200) {
                        failures.add(Instant.now() + " " + status);
                    }
                    try {
                        Thread.sleep(250); // a probe's period, as a kubelet's
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "inference-readiness-watch");
            thread.setDaemon(true);
            thread.start();
        }

        int checks() {
            return checks.get();
        }

        int failures() {
            return failures.size();
        }

        List<String> failureLog() {
            return List.copyOf(failures);
        }

        @Override
        public void close() {
            running.set(false);
            thread.interrupt();
        }
    }
}
