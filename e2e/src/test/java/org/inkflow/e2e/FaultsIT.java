package org.inkflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.events.Topics;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.S3ProxyServer;
import org.inkflow.localstack.WorkDirs;
import org.inkflow.model.training.TinyColorizer;
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
        store = ObjectStore.connect(platform.s3Endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "inkflow", "us-east-1");

        Path model = Files.createTempDirectory(stateDir, "model-");
        TinyColorizer.export(model, MODEL, "1", 1, 2);
        String location = "models/" + MODEL + "/1/";
        store.putDirectory(model, location);
        produce(Topics.MODELS_PROMOTIONS, new ModelPromotion(ModelPromotion.SCHEMA_VERSION, MODEL, "production", "1",
                location, Map.of("valLoss", 0.1), "promote", null, Instant.now()));
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
        Figures f = figures(job);
        f.print("S3 paused " + PAUSE.toSeconds() + " s, then killed for " + DOWN.toSeconds() + " s", recovery);
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
        Figures f = figures(job);
        f.print("Kafka broker restarted (down " + Duration.between(start, ended).toSeconds() + " s)", recovery);
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
            return ended && caughtUp(job) ? j : null;
        });
        Duration drained = Duration.between(faultEnded, Instant.now());
        return new Recovery(done, first[0] == null ? drained : first[0], drained);
    }

    /** Every image the job offered has a cleaned or rejected record. */
    private static boolean caughtUp(String job) {
        Set<String> offered = offered(job);
        Set<String> processed = new HashSet<>();
        for (String topic : List.of(Topics.SAMPLES_CLEANED, Topics.SAMPLES_REJECTED)) {
            read(topic).stream().map(FaultsIT::json).map(e -> e.path("sha256").asText()).forEach(processed::add);
        }
        return processed.containsAll(offered);
    }

    private static Set<String> offered(String job) {
        Set<String> offered = new HashSet<>();
        read(Topics.IMAGES_RAW).stream().map(FaultsIT::json).filter(e -> job.equals(e.path("jobId").asText()))
                .forEach(e -> offered.add(e.path("sha256").asText()));
        return offered;
    }

    private static void hold(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    // ---- measuring

    /** What the topics say about one crawl job's images. */
    record Figures(long offered, long rawRecords, long processed, long processedRecords, long lost,
                   long duplicated, long deadLetters, Map<String, Long> deadLetterTopics) {

        void print(String fault, Recovery recovery) {
            System.out.printf("FAULT RESULT [%s]: offered %d, processed %d (cleaned or rejected), lost %d, duplicated %d"
                            + " (images.raw records %d, processed records %d), dead letters %d; first progress %.1f s"
                            + " and all done %.1f s after the fault ended%n",
                    fault, offered, processed, lost, duplicated, rawRecords, processedRecords, deadLetters,
                    recovery.firstProgress().toMillis() / 1000.0, recovery.drained().toMillis() / 1000.0);
        }
    }

    private static Figures figures(String job) {
        List<JsonNode> raw = read(Topics.IMAGES_RAW).stream().map(FaultsIT::json)
                .filter(e -> job.equals(e.path("jobId").asText())).toList();
        Set<String> offered = new HashSet<>();
        raw.forEach(e -> offered.add(e.path("sha256").asText()));
        List<String> outcomes = new ArrayList<>();
        for (String topic : List.of(Topics.SAMPLES_CLEANED, Topics.SAMPLES_REJECTED)) {
            read(topic).stream().map(FaultsIT::json).map(e -> e.path("sha256").asText()).filter(offered::contains)
                    .forEach(outcomes::add);
        }
        Set<String> processed = new HashSet<>(outcomes);
        Map<String, Long> dlq = new LinkedHashMap<>();
        long deadLetters = 0;
        for (String topic : Topics.CONSUMED) {
            long n = read(Topics.dlq(topic)).size();
            if (n > 0) {
                dlq.put(Topics.dlq(topic), n);
            }
            deadLetters += n;
        }
        long duplicated = (raw.size() - offered.size()) + (outcomes.size() - processed.size());
        return new Figures(offered.size(), raw.size(), processed.size(), outcomes.size(), offered.size() - processed.size(),
                duplicated, deadLetters, dlq);
    }

    private static JsonNode json(ConsumerRecord<String, String> r) {
        try {
            return EventJson.MAPPER.readTree(r.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record on {@code topic} from the beginning to its current end (none if the topic does not exist). */
    private static List<ConsumerRecord<String, String>> read(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            var infos = consumer.listTopics(Duration.ofSeconds(30)).get(topic);
            if (infos == null) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    // Not IllegalStateException: PipelineDriver.await gives up on that, and this may pass once the
                    // broker is back.
                    throw new org.apache.kafka.common.errors.TimeoutException("could not read " + topic + " to its end within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private static void produce(String topic, ModelPromotion promotion) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, promotion.key(), EventJson.write(promotion))).get(30, TimeUnit.SECONDS);
        }
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

    /** A synthetic OpenMoji-shaped npm tarball: {@code count} distinct emojis, each with its black outline. */
    static final class OpenMojiFixture {

        static Path write(Path dir, int count, int seed) throws IOException, InterruptedException {
            Path pkg = Files.createDirectories(dir.resolve("package"));
            Files.createDirectories(pkg.resolve("color/svg"));
            Files.createDirectories(pkg.resolve("black/svg"));
            Files.createDirectories(pkg.resolve("data"));
            java.util.Random random = new java.util.Random(seed);
            List<Map<String, Object>> entries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String hex = String.format("E%d%04X", seed, i);
                int r = 12 + random.nextInt(20);
                int cx = 20 + random.nextInt(32);
                int cy = 20 + random.nextInt(32);
                int w = 10 + random.nextInt(30);
                String fill = String.format("#%06X", random.nextInt(0x1000000));
                String fill2 = String.format("#%06X", random.nextInt(0x1000000));
                String outline = "<circle cx=\"" + cx + "\" cy=\"" + cy + "\" r=\"" + r + "\" fill=\"none\" stroke=\"#000000\" stroke-width=\"3\"/>"
                        + "<rect x=\"" + (72 - w) / 2 + "\" y=\"4\" width=\"" + w + "\" height=\"" + (w / 2 + 4)
                        + "\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2\"/>";
                String color = "<circle cx=\"" + cx + "\" cy=\"" + cy + "\" r=\"" + r + "\" fill=\"" + fill + "\"/>"
                        + "<rect x=\"" + (72 - w) / 2 + "\" y=\"4\" width=\"" + w + "\" height=\"" + (w / 2 + 4) + "\" fill=\"" + fill2 + "\"/>";
                Files.writeString(pkg.resolve("color/svg/" + hex + ".svg"), svg(color + outline));
                Files.writeString(pkg.resolve("black/svg/" + hex + ".svg"), svg(outline));
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("emoji", "?");
                e.put("hexcode", hex);
                e.put("group", "smileys-emotion");
                e.put("subgroups", "fault-test");
                e.put("annotation", "fault test " + hex);
                e.put("tags", "");
                e.put("openmoji_tags", "");
                e.put("skintone", "");
                e.put("skintone_base_hexcode", "");
                e.put("order", i + 1);
                entries.add(e);
            }
            Files.write(pkg.resolve("data/openmoji.json"), EventJson.MAPPER.writeValueAsBytes(entries));
            Files.writeString(pkg.resolve("README.md"), "fault-test package");
            Path tgz = dir.resolve("openmoji-17.0.0.tgz");
            Process tar = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", dir.toString(), "package")
                    .redirectErrorStream(true).start();
            String out = new String(tar.getInputStream().readAllBytes());
            if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                throw new IllegalStateException("tar failed: " + out);
            }
            return tgz;
        }

        private static String svg(String body) {
            return "<svg id=\"emoji\" viewBox=\"0 0 72 72\" xmlns=\"http://www.w3.org/2000/svg\">" + body + "</svg>";
        }
    }
}
