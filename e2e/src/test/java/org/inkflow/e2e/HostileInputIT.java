package org.inkflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.events.Topics;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.S3ProxyServer;
import org.inkflow.localstack.WorkDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a hostile caller sends, against the five packaged services on the real broker and S3: malformed, empty,
 * oversized, deeply nested, mistyped and path-traversing bodies and paths on every state-changing endpoint, the
 * verbatim cases of issue 17, and poison records on every consumed topic. Every answer must be a 4xx with the
 * service's error body (problem+json; {"error"} on the v2 protocol), every poison record must reach its topic's
 * dead-letter twin with a reason, no service may restart or lose readiness, and nothing may appear in S3 outside
 * the prefixes its producers own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Set<String> OWNED_PREFIXES = Set.of(Keys.RAW, Keys.SAMPLES, Keys.DATASETS, Keys.RUNS,
            Keys.MODELS, Keys.EVALUATIONS, Keys.CRAWL_JOBS);

    private static Path stateDir;
    private static Platform platform;
    private static ObjectStore store;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<InkflowService, Integer> REST_CASES = new ConcurrentHashMap<>();
    private static Map<InkflowService, Boolean> readyBefore;

    /** One hostile request and what makes its answer acceptable. */
    record Case(String name, InkflowService service, String method, String path, String contentType, byte[] body) {
        static Case json(String name, InkflowService service, String path, String body) {
            return new Case(name, service, "POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }

        boolean protocolV2() {
            return path.startsWith("/v2/");
        }
    }

    @BeforeAll
    static void startPlatform() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        stateDir = Files.createTempDirectory("inkflow-hostile-");
        Map<InkflowService, Map<String, String>> extra = new EnumMap<>(InkflowService.class);
        Map<InkflowService, Map<String, String>> properties = new EnumMap<>(InkflowService.class);
        platform = Platform.start(new Platform.Settings(root, stateDir, false, false, extra, properties,
                System.out::println));
        store = ObjectStore.connect(platform.s3Endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
                "inkflow", "us-east-1");
        readyBefore = readiness();
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        WorkDirs.deleteRecursively(stateDir);
    }

    @Test
    @Order(1)
    void everyHostileRequestIsAnsweredWithAClientErrorAndItsErrorBody() throws Exception {
        List<Case> cases = restCases();
        List<String> wrong = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Case c : cases) {
            HttpResponse<String> response = send(c);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            REST_CASES.merge(c.service(), 1, Integer::sum);
            String problem = checkAnswer(c, response);
            if (problem != null) {
                wrong.add(c.service() + " " + c.method() + " " + abbreviate(c.path()) + " [" + c.name() + "]: " + problem);
            }
        }
        System.out.println("hostile REST cases per service: " + new TreeMap<>(REST_CASES) + ", answers by status: " + statuses);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
        assertThat(wrong).as("answers that are not a 4xx with the service's error body").isEmpty();
    }

    @Test
    @Order(2)
    void theGridBombIsRefusedWithinASecond() throws Exception {
        Map<String, Object> space = new LinkedHashMap<>();
        for (String p : List.of("learningRate", "batchSize", "baseChannels", "depth", "dropout", "weightDecay", "l1Weight")) {
            List<Double> values = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                values.add(i / 1000.0);
            }
            space.put(p, values);
        }
        String body = JSON.writeValueAsString(Map.of("datasetName", "openmoji", "datasetVersion", "v1",
                "search", Map.of("strategy", "grid", "trials", 1, "space", space)));
        long start = System.nanoTime();
        HttpResponse<String> response = send(Case.json("grid bomb", InkflowService.TRAINER, "/runs", body));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("grid bomb (" + body.length() + " bytes): " + response.statusCode() + " in " + millis + " ms");
        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(millis).isLessThan(1000);
        assertThat(get(InkflowService.TRAINER, "/q/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void poisonOnEveryConsumedTopicIsDeadLetteredWithAReason() throws Exception {
        Map<String, List<String>> poison = new LinkedHashMap<>();
        List<String> payloads = List.of("not json at all", "", "[]", "{}", "null", "{\"schemaVersion\":\"x\"}",
                "{\"schemaVersion\":1,\"sha256\":\"../../etc/passwd\",\"name\":\"../x\",\"version\":\"v1/../../y\","
                        + "\"location\":\"models/../../raw/\",\"objectKey\":\"../../etc/passwd\"}",
                "[".repeat(5000) + "]".repeat(5000));
        List<String> topics = List.of(Topics.CRAWL_JOBS, Topics.IMAGES_RAW, Topics.DATASETS,
                Topics.TRAINING_REQUESTS, Topics.MODELS_CANDIDATES, Topics.MODELS_PROMOTIONS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                platform.kafkaBootstrapServers(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (String topic : topics) {
                for (int i = 0; i < payloads.size(); i++) {
                    String key = "hostile-" + i;
                    producer.send(new ProducerRecord<>(topic, key, payloads.get(i))).get();
                    poison.computeIfAbsent(topic, t -> new ArrayList<>()).add(key);
                }
            }
        }
        System.out.println("poison records: " + poison.values().stream().mapToInt(List::size).sum() + " on "
                + poison.size() + " topics");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "hostile-input-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(poison.keySet().stream().map(Topics::dlq).toList());
            Map<String, Map<String, String>> reasons = new ConcurrentHashMap<>();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    Header reason = r.headers().lastHeader("dead-letter-reason");
                    reasons.computeIfAbsent(r.topic(), t -> new ConcurrentHashMap<>()).put(String.valueOf(r.key()),
                            reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
                }
                for (Map.Entry<String, List<String>> sent : poison.entrySet()) {
                    Map<String, String> got = reasons.getOrDefault(Topics.dlq(sent.getKey()), Map.of());
                    assertThat(got.keySet()).as(Topics.dlq(sent.getKey())).containsAll(sent.getValue());
                    assertThat(got.values()).as("every dead letter says why").allMatch(v -> !v.isBlank());
                }
            });
        }
    }

    @Test
    @Order(4)
    void afterTheSuiteNoServiceRestartedOrLostReadinessAndS3HoldsOnlyOwnedPrefixes() throws Exception {
        assertThat(platform.restartCounts().values()).as("restarts " + platform.restartCounts()).allMatch(n -> n == 0);
        await().atMost(WAIT).untilAsserted(() -> assertThat(readiness()).isEqualTo(readyBefore));
        for (InkflowService service : InkflowService.values()) {
            assertThat(get(service, "/q/health/live").statusCode()).as(service + " live").isEqualTo(200);
        }
        List<String> outside = store.list("").stream().map(ObjectInfo::key)
                .filter(k -> OWNED_PREFIXES.stream().noneMatch(k::startsWith)).toList();
        assertThat(outside).as("objects outside the producers' prefixes").isEmpty();
    }

    // ---- the cases ----

    private static List<Case> restCases() {
        List<Case> cases = new ArrayList<>();
        // Issue 17, verbatim.
        cases.add(Case.json("local path as base URL", InkflowService.CRAWLER, "/crawl-jobs",
                "{\"source\":\"openmoji\",\"baseUrl\":\"/etc/passwd\"}"));
        // The JSON endpoints: shape, size and type attacks on each.
        Map<String, InkflowService> endpoints = new LinkedHashMap<>();
        endpoints.put("/crawl-jobs", InkflowService.CRAWLER);
        endpoints.put("/datasets", InkflowService.CLEANER);
        endpoints.put("/runs", InkflowService.TRAINER);
        endpoints.put("/models/colorizer/promote", InkflowService.EVALUATOR);
        endpoints.put("/models/colorizer/rollback", InkflowService.EVALUATOR);
        endpoints.put("/models/colorizer/ensembles", InkflowService.EVALUATOR);
        Map<String, String> field = Map.of("/crawl-jobs", "source", "/datasets", "name", "/runs", "datasetName",
                "/models/colorizer/promote", "version", "/models/colorizer/rollback", "alias",
                "/models/colorizer/ensembles", "datasetName");
        Map<String, String> number = Map.of("/crawl-jobs", "maxImages", "/datasets", "imageSize", "/runs", "runId",
                "/models/colorizer/promote", "force", "/models/colorizer/rollback", "alias",
                "/models/colorizer/ensembles", "top");
        for (Map.Entry<String, InkflowService> e : endpoints.entrySet()) {
            String path = e.getKey();
            InkflowService svc = e.getValue();
            String f = field.get(path);
            String n = number.get(path);
            cases.add(Case.json("empty body", svc, path, ""));
            cases.add(Case.json("null", svc, path, "null"));
            cases.add(Case.json("array", svc, path, "[]"));
            cases.add(Case.json("string", svc, path, "\"hello\""));
            cases.add(Case.json("truncated", svc, path, "{\"" + f + "\":"));
            cases.add(new Case("text/plain", svc, "POST", path, "text/plain", ("{\"" + f + "\":\"x\"}").getBytes(StandardCharsets.UTF_8)));
            cases.add(new Case("xml", svc, "POST", path, "application/xml", "<a/>".getBytes(StandardCharsets.UTF_8)));
            cases.add(Case.json("only unknown fields", svc, path, "{\"surprise\":1,\"more\":{\"x\":[1,2]}}"));
            cases.add(Case.json("nested 5000 deep", svc, path, "{\"" + f + "\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
            cases.add(Case.json("2001-digit number", svc, path, "{\"" + n + "\":1" + "0".repeat(2000) + "}"));
            cases.add(Case.json("number beyond double", svc, path, "{\"" + n + "\":1e400}"));
            cases.add(Case.json("huge array", svc, path, "{\"" + f + "\":[" + "1,".repeat(200_000) + "1]}"));
            cases.add(Case.json("2 MB string", svc, path, "{\"" + f + "\":\"" + "a".repeat(2_000_000) + "\"}"));
            cases.add(Case.json("object for a string", svc, path, "{\"" + f + "\":{\"a\":1}}"));
            cases.add(Case.json("path traversal", svc, path, "{\"" + f + "\":\"../../../etc/passwd\"}"));
            cases.add(Case.json("control characters", svc, path, "{\"" + f + "\":\"a\\u0000b\\n\"}"));
            cases.add(Case.json("duplicate keys", svc, path, "{\"" + f + "\":\"a\",\"" + f + "\":\"b\"}"));
        }
        // Inference: /colorize with what is not an image, and the v2 protocol's verbatim cases.
        InkflowService inf = InkflowService.INFERENCE;
        cases.add(new Case("empty image", inf, "POST", "/colorize", "image/png", new byte[0]));
        cases.add(new Case("text as png", inf, "POST", "/colorize", "image/png", "hello".getBytes(StandardCharsets.UTF_8)));
        cases.add(new Case("wrong content type", inf, "POST", "/colorize", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)));
        cases.add(new Case("png header claiming 100000x100000", inf, "POST", "/colorize", "image/png", pngHeader(100_000, 100_000)));
        String v2 = "/v2/models/colorizer/infer";
        cases.add(Case.json("shape beyond long", inf, v2, "{\"inputs\":[{\"name\":\"line_art\",\"datatype\":\"FP32\","
                + "\"shape\":[1,99999999999999999999999,8,1],\"data\":[0]}]}"));
        cases.add(Case.json("data nested 5000 deep", inf, v2, "{\"inputs\":[{\"name\":\"line_art\",\"datatype\":\"FP32\","
                + "\"shape\":[1,8,8,1],\"data\":" + "[".repeat(5000) + "]".repeat(5000) + "}]}"));
        cases.add(Case.json("2001-digit number", inf, v2, "{\"inputs\":[{\"name\":\"line_art\",\"datatype\":\"FP32\","
                + "\"shape\":[1,1,1,1],\"data\":[1" + "0".repeat(2000) + "]}]}"));
        cases.add(Case.json("empty body", inf, v2, ""));
        cases.add(Case.json("malformed", inf, v2, "{\"inputs\":"));
        cases.add(Case.json("no inputs", inf, v2, "{}"));
        cases.add(Case.json("negative shape", inf, v2, "{\"inputs\":[{\"name\":\"line_art\",\"datatype\":\"FP32\","
                + "\"shape\":[1,-8,8,1],\"data\":[0]}]}"));
        cases.add(Case.json("unknown datatype", inf, v2, "{\"inputs\":[{\"name\":\"line_art\",\"datatype\":\"FP1024\","
                + "\"shape\":[1,1,1,1],\"data\":[0]}]}"));
        cases.add(Case.json("huge shape product", inf, v2, "{\"inputs\":[{\"name\":\"line_art\",\"datatype\":\"FP32\","
                + "\"shape\":[65536,65536,65536,1],\"data\":[0]}]}"));
        cases.add(new Case("text/plain", inf, "POST", v2, "text/plain", "{}".getBytes(StandardCharsets.UTF_8)));
        // Paths: traversal, oversized and malformed identifiers on reads and deletes.
        String longId = "a".repeat(10_000);
        cases.add(new Case("traversal id", InkflowService.CRAWLER, "GET", "/crawl-jobs/..%2F..%2Fetc%2Fpasswd", null, null));
        cases.add(new Case("10k id", InkflowService.CRAWLER, "DELETE", "/crawl-jobs/" + longId, null, null));
        cases.add(new Case("traversal id", InkflowService.TRAINER, "GET", "/runs/..%2Fmodels", null, null));
        cases.add(new Case("10k id", InkflowService.TRAINER, "DELETE", "/runs/" + longId, null, null));
        cases.add(new Case("traversal version", InkflowService.CLEANER, "GET", "/datasets/openmoji/versions/..%2F..%2Fraw", null, null));
        cases.add(new Case("bad sha", InkflowService.CLEANER, "GET", "/samples/not-a-sha", null, null));
        cases.add(new Case("traversal file", InkflowService.EVALUATOR, "GET", "/evaluations/colorizer/v1/..%2F..%2Fraw", null, null));
        cases.add(new Case("traversal version", InkflowService.EVALUATOR, "GET", "/models/colorizer/versions/..%2F..", null, null));
        cases.add(new Case("bad name", InkflowService.EVALUATOR, "POST", "/models/..%2Fx/promote", "application/json",
                "{\"version\":\"v1\",\"alias\":\"production\"}".getBytes(StandardCharsets.UTF_8)));
        // A well-formed request plus one unknown field: refused whole (it would otherwise promote or roll back).
        cases.add(Case.json("forced promotion with an unknown field", InkflowService.EVALUATOR, "/models/colorizer/promote",
                "{\"version\":\"v1\",\"alias\":\"production\",\"force\":true,\"surprise\":1}"));
        cases.add(Case.json("rollback with an unknown field", InkflowService.EVALUATOR, "/models/colorizer/rollback",
                "{\"alias\":\"production\",\"surprise\":1}"));
        cases.add(Case.json("ensemble of traversal members", InkflowService.EVALUATOR, "/models/colorizer/ensembles",
                "{\"members\":[\"v1\",\"../../raw\"]}"));
        cases.add(Case.json("malformed body for an unknown model", InkflowService.EVALUATOR,
                "/models/no-such-model/promote", "{\"version\":\"../x\"}"));
        cases.add(new Case("traversal name", inf, "GET", "/models/..%2F..%2Fetc/card", null, null));
        return cases;
    }

    /** The first bytes of a PNG whose header claims {@code width x height}: a decompression bomb's shape. */
    private static byte[] pngHeader(int width, int height) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(33);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
        b.put(new byte[] {8, 0, 0, 0, 0});
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 12, 17);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    // ---- checks ----

    /** Null when the answer is what a hostile request deserves, else what is wrong with it. */
    private static String checkAnswer(Case c, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status < 400 || status > 499) {
            return "status " + status + ": " + abbreviate(response.body());
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (c.protocolV2()) {
            return bodyHas(response.body(), "error") ? null : "v2 error without {\"error\"}: " + abbreviate(response.body());
        }
        if (status == 414 || status == 431) {
            return null; // the HTTP layer refuses an oversized request line before any route or mapper sees it
        }
        if (!type.startsWith("application/problem+json")) {
            return "content type " + type + ": " + abbreviate(response.body());
        }
        return bodyHas(response.body(), "title") && bodyHas(response.body(), "status") ? null
                : "problem without title/status: " + abbreviate(response.body());
    }

    private static boolean bodyHas(String body, String field) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.hasNonNull(field);
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<InkflowService, Boolean> readiness() throws IOException, InterruptedException {
        Map<InkflowService, Boolean> ready = new EnumMap<>(InkflowService.class);
        for (InkflowService service : InkflowService.values()) {
            ready.put(service, get(service, "/q/health/ready").statusCode() == 200);
        }
        return ready;
    }

    private static HttpResponse<String> get(InkflowService service, String path) throws IOException, InterruptedException {
        return send(new Case("get", service, "GET", path, null, null));
    }

    private static HttpResponse<String> send(Case c) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.url(c.service(), c.path())))
                .timeout(Duration.ofSeconds(30));
        operatorHeaders().forEach(request::header);
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
        return HTTP.send(request.method(c.method(), body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** What an operator sends to be let in (ADR 0030): the platform's operator key, which inference takes too. */
    private static Map<String, String> operatorHeaders() {
        return Map.of("X-API-Key", platform.keys().operator());
    }
}
