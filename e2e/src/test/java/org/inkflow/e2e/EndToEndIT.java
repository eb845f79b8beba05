package org.inkflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.events.Topics;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.S3ProxyServer;
import org.inkflow.localstack.WorkDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole platform as the demo runs it: a Kafka broker process, S3Proxy and the five services as separate
 * processes, on a few hundred OpenMoji images. The test only starts the crawl; the services' continuous-training
 * policies build the dataset, train, evaluate, promote and serve by themselves. Assertions at every stage.
 */
class EndToEndIT {

    static final int IMAGES = Integer.getInteger("inkflow.e2e.images", 240);
    static final int STEPS = Integer.getInteger("inkflow.e2e.steps", 200);

    static Path stateDir;
    static Platform platform;
    static ObjectStore store;
    static PipelineDriver.Result result;
    static OtlpReceiver traces;

    @BeforeAll
    static void runThePipeline() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        stateDir = Files.createTempDirectory("inkflow-e2e-");
        String data = OpenMojiData.locate(System.getProperty("inkflow.e2e.data"), root.resolve(".inkflow/cache"));
        traces = new OtlpReceiver();
        Map<InkflowService, Map<String, String>> extra = new EnumMap<>(InkflowService.class);
        for (InkflowService service : InkflowService.values()) {
            // Every service exports its spans to this test's own OTLP/HTTP receiver on 127.0.0.1.
            extra.put(service, new HashMap<>(Map.of("INKFLOW_TRACING_OTLP_ENDPOINT", traces.endpoint(),
                    "INKFLOW_TRACING_OTLP_SCHEDULE_DELAY", "1s")));
        }
        // The cleaner logs JSON, as the chart has every service do, so its lines can be matched to traces.
        extra.get(InkflowService.CLEANER).put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        extra.get(InkflowService.CRAWLER).putAll(Map.of("INKFLOW_CRAWLER_ALLOW_PRIVATE_HOSTS", "127.0.0.1",
                "INKFLOW_CRAWLER_IMPORT_ROOTS", OpenMojiData.importRoots(data, root.resolve(".inkflow/cache"))));
        PipelineDriver.Options options = new PipelineDriver.Options(IMAGES, 64, STEPS, data, "openmoji", "colorizer");
        platform = Platform.start(new Platform.Settings(root, stateDir, false, false, extra, options.serviceProperties(),
                System.out::println));
        store = ObjectStore.connect(platform.s3Endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "inkflow", "us-east-1");
        PipelineDriver driver = new PipelineDriver(platform, store, System.out, false, null);
        result = driver.run(options);
        System.out.println("end-to-end stage times: " + result.stageTimes());
    }

    @AfterAll
    static void stopEverything() {
        if (platform != null) {
            platform.close();
        }
        if (traces != null) {
            traces.close();
        }
        WorkDirs.deleteRecursively(stateDir);
    }

    @Test
    void everyStageLeftItsObjectsInS3() {
        long stored = result.crawlJob().path("counts").path("stored").asLong();
        assertThat(stored).isGreaterThanOrEqualTo(IMAGES * 9L / 10);
        assertThat(store.list("raw/openmoji/").size()).isGreaterThanOrEqualTo((int) stored);
        List<ObjectInfo> samples = store.list("samples/");
        assertThat(samples.stream().filter(o -> o.key().endsWith("/input.png")).count()).isGreaterThanOrEqualTo(stored / 2);
        String dataset = "datasets/openmoji/" + result.datasetVersion() + "/";
        assertThat(store.exists(dataset + "manifest.json")).isTrue();
        assertThat(store.exists(dataset + "preview.png")).isTrue();
        String model = "models/colorizer/" + result.modelVersion() + "/";
        assertThat(store.exists(model + "model-card.json")).isTrue();
        assertThat(store.list(model + "saved_model/")).extracting(ObjectInfo::key).anyMatch(k -> k.endsWith("saved_model.pb"));
        assertThat(store.list("runs/" + result.runId() + "/checkpoints/")).isNotEmpty();
        assertThat(store.exists("evaluations/colorizer/" + result.modelVersion() + "/report.html")).isTrue();
        assertThat(new String(store.get(model + "model-card.json"))).contains("OpenMoji").contains("CC BY-SA 4.0");
    }

    @Test
    void everyTopicCarriedItsEvents() {
        long stored = result.crawlJob().path("counts").path("stored").asLong();
        try (KafkaCompanion kafka = new KafkaCompanion(platform.kafkaBootstrapServers())) {
            assertThat(count(kafka, Topics.IMAGES_RAW)).isEqualTo(stored);
            assertThat(count(kafka, Topics.SAMPLES_CLEANED) + count(kafka, Topics.SAMPLES_REJECTED)).isEqualTo(stored);
            assertThat(count(kafka, Topics.DATASETS)).isGreaterThanOrEqualTo(1);
            assertThat(count(kafka, Topics.TRAINING_PROGRESS)).isGreaterThanOrEqualTo(2);
            assertThat(count(kafka, Topics.MODELS_CANDIDATES)).isGreaterThanOrEqualTo(1);
            assertThat(count(kafka, Topics.MODELS_EVALUATIONS)).isGreaterThanOrEqualTo(1);
            List<ConsumerRecord<String, String>> promotions = records(kafka, Topics.MODELS_PROMOTIONS);
            assertThat(promotions).extracting(r -> EventJson.read(r.value(), ModelPromotion.class).version())
                    .contains(result.modelVersion());
            assertThat(count(kafka, Topics.dlq(Topics.IMAGES_RAW))).isZero();
        }
    }

    @Test
    void theCandidateWasBlessedAndPromotedByTheEvaluator() {
        assertThat(result.blessed()).as("evaluation: " + result.evaluation()).isTrue();
        try (KafkaCompanion kafka = new KafkaCompanion(platform.kafkaBootstrapServers())) {
            assertThat(records(kafka, Topics.MODELS_PROMOTIONS)).extracting(r -> EventJson.read(r.value(), ModelPromotion.class))
                    .filteredOn(p -> p.version().equals(result.modelVersion()))
                    .extracting(ModelPromotion::action).as("promoted by the evaluator on its blessing").containsExactly("blessed");
        }
    }

    @Test
    void theChainRanByItselfFromTheCrawlToServing() {
        assertThat(result.changeRequests()).as("the only request that changed anything").containsExactly("POST /crawl-jobs");
        JsonNode auto = Api.get(platform.url(InkflowService.CLEANER, "/auto-dataset"));
        assertThat(auto.path("dataset").asText()).isEqualTo("openmoji");
        assertThat(auto.path("latestVersion").asText()).isEqualTo(result.datasetVersion());
        // Every sample is in a version, unless a stall mid-crawl split it and fewer than the minimum were left over.
        assertThat(auto.path("newSamples").asInt()).isLessThan(auto.path("minNewSamples").asInt());
        JsonNode versions = Api.get(platform.url(InkflowService.CLEANER, "/datasets/openmoji"));
        List<String> runsPerVersion = new ArrayList<>();
        for (JsonNode v : versions.path("versions")) {
            int runs = 0;
            for (JsonNode r : Api.get(platform.url(InkflowService.TRAINER, "/runs"))) {
                runs += v.path("version").asText().equals(r.path("datasetVersion").asText()) ? 1 : 0;
            }
            runsPerVersion.add(v.path("version").asText() + "=" + runs);
            assertThat(v.path("request").path("imageSize").asInt()).isEqualTo(64);
        }
        assertThat(runsPerVersion).as("each dataset version trained once").allMatch(s -> s.endsWith("=1"));
        assertThat(result.run().path("hyperparameters").path("steps").asInt()).isEqualTo(STEPS);
        assertThat(result.run().path("modelName").asText()).isEqualTo("colorizer");
    }

    @Test
    void colorizeAnswersALineDrawingWithAColorfulPng() {
        BufferedImage in = ImageArrays.decode(result.lineArt());
        BufferedImage out = ImageArrays.decode(result.prediction());
        assertThat(out.getWidth()).isEqualTo(in.getWidth());
        assertThat(out.getHeight()).isEqualTo(in.getHeight());
        double inputColor = Colorfulness.of(result.lineArt());
        double outputColor = Colorfulness.of(result.prediction());
        System.out.printf("colorfulness: line art %.1f, prediction %.1f, target %.1f%n",
                inputColor, outputColor, Colorfulness.of(result.target()));
        assertThat(inputColor).isLessThan(1.0);
        assertThat(outputColor).isGreaterThan(inputColor + 5.0);
    }

    @Test
    void everyDashboardPanelAndAlertExpressionWorksOnTheRealPrometheus() {
        assertThat(platform.prometheusUrl())
                .as("Prometheus must scrape the services for this check: apt-get install prometheus (./inkflow test does)")
                .isPresent();
        String prometheus = platform.prometheusUrl().orElseThrow();
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        // A few more /colorize calls so the inference rates have two scrapes to work with.
        for (int i = 0; i < 5; i++) {
            Api.postBytes(platform.url(InkflowService.INFERENCE, "/colorize"), result.lineArt(), "image/png");
        }
        Map<String, String> panels = GrafanaQueries.panelQueries(root);
        assertThat(panels).hasSizeGreaterThan(40);
        Map<String, Integer> counts = GrafanaQueries.awaitResults(prometheus, List.copyOf(panels.values()), Duration.ofSeconds(90));
        List<String> empty = panels.entrySet().stream().filter(e -> counts.get(e.getValue()) <= 0)
                .map(e -> e.getKey() + " = " + e.getValue() + " -> " + counts.get(e.getValue())).toList();
        assertThat(empty).as("panels without data").isEmpty();

        Map<String, String> rules = GrafanaQueries.ruleExpressions(root);
        Map<String, Integer> ruleCounts = GrafanaQueries.resultCounts(prometheus, List.copyOf(rules.values()));
        List<String> broken = rules.entrySet().stream().filter(e -> ruleCounts.get(e.getValue()) < 0)
                .map(e -> e.getKey() + ": " + GrafanaQueries.error(prometheus, e.getValue())).toList();
        assertThat(broken).as("rule expressions Prometheus rejected").isEmpty();
        Map<String, Integer> recorded = GrafanaQueries.awaitResults(prometheus, GrafanaQueries.recordedSeries(root), Duration.ofSeconds(30));
        assertThat(recorded).as("recorded series").allSatisfy((name, n) -> assertThat(n).as(name).isPositive());
    }

    @Test
    void oneCrawledImageIsFollowedByItsTraceFromTheCrawlToTheServedModel() {
        Awaitility.await("one image's trace from crawl to serving").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<OtlpReceiver.ReceivedSpan> spans = traces.spans();
            // The version that was trained links (at most 128 links) to the traces of the images it holds.
            OtlpReceiver.ReceivedSpan build = spans.stream().filter(s -> s.name().equals("cleaner build dataset")
                    && result.datasetVersion().equals(s.attributes().get("inkflow.dataset.version"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no dataset build span for " + result.datasetVersion()));
            assertThat(build.service()).isEqualTo("cleaner-svc");
            assertThat(build.links()).isNotEmpty().hasSizeLessThanOrEqualTo(128);
            assertThat(jsonLogLines(InkflowService.CLEANER)).as("the cleaner's JSON log names the build's trace")
                    .anySatisfy(line -> {
                        assertThat(line.path("traceId").asText()).isEqualTo(build.traceId());
                        assertThat(line.path("spanId").asText()).matches("[0-9a-f]{16}");
                        assertThat(line.path("message").asText()).contains(result.datasetVersion()).contains("published");
                    });
            // One of those images: crawled and cleaned in a trace of its own.
            OtlpReceiver.ReceivedSpan crawl = spans.stream().filter(s -> s.name().equals("crawler store image")
                    && build.links().stream().anyMatch(l -> l.traceId().equals(s.traceId()))).findFirst()
                    .orElseThrow(() -> new AssertionError("no crawler span among the traces the dataset links to"));
            String image = crawl.traceId();
            assertThat(spans).filteredOn(s -> s.traceId().equals(image)).as("the image's own trace")
                    .extracting(OtlpReceiver.ReceivedSpan::service).contains("crawler-svc", "cleaner-svc");
            assertThat(spans).filteredOn(s -> s.traceId().equals(image) && s.service().equals("cleaner-svc"))
                    .extracting(OtlpReceiver.ReceivedSpan::name).contains(Topics.IMAGES_RAW + " process");

            List<OtlpReceiver.ReceivedSpan> path = new TraceGraph(spans).connectedSpans(image);
            assertThat(path).as("the run, linked to the dataset version's trace").anySatisfy(s -> {
                assertThat(s.service()).isEqualTo("trainer-svc");
                assertThat(s.name()).isEqualTo("trainer run");
                assertThat(s.attributes()).containsEntry("inkflow.run", result.runId());
                assertThat(s.links()).extracting(OtlpReceiver.Link::traceId).contains(build.traceId());
            });
            assertThat(path).as("the candidate's evaluation").anySatisfy(s -> {
                assertThat(s.service()).isEqualTo("evaluator-svc");
                assertThat(s.name()).isEqualTo("evaluator evaluate candidate");
                assertThat(s.attributes()).containsEntry("inkflow.model.version", result.modelVersion());
            });
            assertThat(path).as("the promotion").anySatisfy(s -> {
                assertThat(s.service()).isEqualTo("evaluator-svc");
                assertThat(s.name()).isEqualTo("evaluator promote");
                assertThat(s.attributes()).containsEntry("inkflow.model.version", result.modelVersion());
            });
            assertThat(path).as("the model swap in inference").anySatisfy(s -> {
                assertThat(s.service()).isEqualTo("inference-svc");
                assertThat(s.name()).isEqualTo("inference model swap");
                assertThat(s.attributes()).containsEntry("inkflow.model.version", result.modelVersion());
            });
            System.out.printf("image trace %s: %d spans in %d connected traces, from %s%n", image, path.size(),
                    path.stream().map(OtlpReceiver.ReceivedSpan::traceId).distinct().count(),
                    path.stream().map(OtlpReceiver.ReceivedSpan::service).distinct().sorted().toList());
        });
    }

    /** The lines of a service's log that are JSON objects (a JVM may print a plain line before logging starts). */
    private static List<JsonNode> jsonLogLines(InkflowService service) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(platform.logDir().resolve(service.module() + ".log"))) {
            if (line.startsWith("{")) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    private static long count(KafkaCompanion kafka, String topic) {
        return records(kafka, topic).size();
    }

    /** Every record on {@code topic} from the beginning to its current end. */
    private static List<ConsumerRecord<String, String>> records(KafkaCompanion kafka, String topic) {
        if (!kafka.topics().list().contains(topic)) {
            return List.of();
        }
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            return out;
        }
    }
}
