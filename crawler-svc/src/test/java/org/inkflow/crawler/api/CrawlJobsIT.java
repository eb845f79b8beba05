package org.inkflow.crawler.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.inkflow.common.events.CrawlJobRequested;
import org.inkflow.common.artifacts.RawImageMetadata;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.Topics;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.crawler.fakes.BooruFixtures;
import org.inkflow.crawler.fakes.FakeBooruServer;
import org.inkflow.crawler.fakes.LoopbackOnlyConnector;
import org.inkflow.crawler.fakes.OpenMojiTarball;
import org.inkflow.crawler.fakes.TestHostResolver;
import org.inkflow.crawler.fakes.TestImages;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.ServiceAuthContract;
import org.inkflow.localstack.ServiceEndpointsContract;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The crawler service against local fake boorus, the real broker and real S3: REST jobs, images and metadata in
 * the bucket, one images.raw event per new image, counted outcomes and metrics, and crawl jobs from Kafka with
 * dead letters. Also the health, metrics and OpenAPI contract every service keeps.
 */
@QuarkusTest
@TestProfile(CrawlerTestProfile.class)
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class CrawlJobsIT extends ServiceEndpointsContract implements ServiceAuthContract {

    /** The state-changing endpoints, with bodies refused past authentication (so letting the operator in changes nothing). */
    @Override
    public List<Endpoint> protectedEndpoints() {
        return List.of(
                Endpoint.operator("POST", "/crawl-jobs", "{}"),
                Endpoint.operator("DELETE", "/crawl-jobs/no-such-job", null));
    }

    private static final String PROBLEM = "application/problem+json";

    TestStack stack;

    @Inject
    ObjectStore store;

    FakeBooruServer server;
    KafkaCompanion companion;

    @Override
    protected String metricPrefix() {
        return "crawler";
    }

    @BeforeEach
    void start() {
        server = FakeBooruServer.start();
        companion = new KafkaCompanion(stack.kafkaBootstrapServers());
    }

    @AfterEach
    void stop() {
        companion.close();
        server.close();
        assertThat(LoopbackOnlyConnector.violations()).as("connections to non-loopback addresses").isEmpty();
    }

    /** Queues a job: 202, QUEUED in S3 and on the crawl-jobs topic; this (only) replica owns every partition. */
    static String post(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/crawl-jobs")
                .then().statusCode(202)
                .header("Location", containsString("/crawl-jobs/"))
                .body("state", equalTo("QUEUED"))
                .extract().path("id");
    }

    static JsonPath awaitEnd(String id) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/crawl-jobs/" + id).then().statusCode(200).extract().jsonPath(),
                        json -> Set.of("COMPLETED", "FAILED", "CANCELLED").contains(json.getString("state")));
    }

    /** images.raw events of one job, waiting until {@code expected} arrived and then a moment for any extra. */
    List<RawImageStored> events(String jobId, int expected) {
        ConsumerTask<String, String> task = companion.consumeStrings().fromTopics(Topics.IMAGES_RAW);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ofJob(task.getRecords(), jobId).size() >= expected);
            // and no more than expected
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> ofJob(task.getRecords(), jobId).size() == expected);
            return ofJob(task.getRecords(), jobId);
        } finally {
            task.stop();
        }
    }

    static List<RawImageStored> ofJob(List<ConsumerRecord<String, String>> records, String jobId) {
        List<RawImageStored> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            RawImageStored e = EventJson.read(r.value(), RawImageStored.class);
            assertThat(r.key()).isEqualTo(e.sha256());
            if (jobId.equals(e.jobId())) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void aSafebooruCrawlStoresImagesWithMetadataAndAnnouncesEachOnce() throws Exception {
        server.safebooru(BooruFixtures.safebooru(server, 100, 10, "cat solo"));
        String first = post(Map.of("source", "safebooru", "baseUrl", server.base().toString(), "tags", List.of("cat"),
                "maxImages", 50, "requestsPerSecond", 20));
        JsonPath done = awaitEnd(first);
        assertThat(done.getString("state")).isEqualTo("COMPLETED");
        assertThat(done.getInt("counts.stored")).isEqualTo(10);
        assertThat(done.getInt("counts.fetched")).isEqualTo(10);
        assertThat(done.getDouble("progress")).isEqualTo(1.0);

        List<RawImageStored> events = events(first, 10);
        assertThat(events).hasSize(10).extracting(RawImageStored::sha256).doesNotHaveDuplicates();
        List<String> keys = store.list("raw/safebooru/cat/").stream().map(ObjectInfo::key).toList();
        for (RawImageStored e : events) {
            assertThat(keys).contains(e.objectKey(), e.metadataKey());
            assertThat(store.get(e.objectKey())).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            RawImageMetadata meta = RawImageMetadata.read(store.get(e.metadataKey()));
            assertThat(meta.source()).isEqualTo("safebooru");
            assertThat(meta.tags()).containsExactly("cat", "solo");
            assertThat(meta.license()).isNotNull();
        }
        assertThat(store.exists("crawl-jobs/" + first + "/status.json")).isTrue();

        // the rate limit, measured at the server: 20 requests/s is at least 50 ms between requests
        List<FakeBooruServer.Hit> hits = server.hits();
        for (int i = 1; i < hits.size(); i++) {
            assertThat(Duration.ofNanos(hits.get(i).nanoTime() - hits.get(i - 1).nanoTime()))
                    .as("gap before %s", hits.get(i).pathAndQuery()).isGreaterThanOrEqualTo(Duration.ofMillis(45));
        }

        String second = post(Map.of("source", "safebooru", "baseUrl", server.base().toString(), "tags", List.of("cat"),
                "maxImages", 50, "requestsPerSecond", 20));
        JsonPath again = awaitEnd(second);
        assertThat(again.getInt("counts.stored")).isZero();
        assertThat(again.getInt("counts.duplicates")).isEqualTo(10);
        assertThat(events(second, 0)).as("a second identical job announces nothing").isEmpty();

        given().get("/crawl-jobs").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItems(first, second));
    }

    @Test
    void badItemsAreCountedUnderTheirReasonAndTheJobCompletes() {
        List<Map<String, Object>> posts = new ArrayList<>();
        for (String file : List.of("ok.png", "busy.png", "down.png", "cut.png", "html.png", "page.png", "big.png",
                "missing.png", "to-private.png")) {
            posts.add(FakeBooruServer.safebooruPost(posts.size() + 1, file, null, "zoo", "general",
                    Map.of("file_url", server.url("/files/" + file))));
        }
        server.safebooru(posts);
        server.png("/files/ok.png", TestImages.png(31, 40, 24));
        server.file("/files/busy.png", (ex, hit) -> {
            if (hit == 1) {
                ex.getResponseHeaders().set("Retry-After", "1");
                FakeBooruServer.send(ex, 429, "text/plain", new byte[] {'x'});
            } else {
                FakeBooruServer.send(ex, 200, "image/png", TestImages.png(32, 40, 24));
            }
        });
        server.file("/files/down.png", (ex, hit) -> FakeBooruServer.send(ex, 500, "text/plain", new byte[] {'x'}));
        server.file("/files/cut.png", (ex, hit) -> FakeBooruServer.sendTruncated(ex, "image/png", TestImages.png(33, 40, 24), 20));
        server.file("/files/html.png", (ex, hit) -> FakeBooruServer.send(ex, 200, "image/png", BooruFixtures.html()));
        server.file("/files/page.png", (ex, hit) -> FakeBooruServer.send(ex, 200, "text/html", BooruFixtures.html()));
        server.png("/files/big.png", new byte[9000]);
        server.file("/files/to-private.png", (ex, hit) -> {
            ex.getResponseHeaders().set("Location", "http://" + TestHostResolver.PRIVATE_HOST + ":" + server.port() + "/files/ok.png");
            ex.sendResponseHeaders(302, -1);
        });

        String id = post(Map.of("source", "safebooru", "baseUrl", server.base().toString(), "tags", List.of("zoo"),
                "requestsPerSecond", 50));
        JsonPath done = awaitEnd(id);
        assertThat(done.getString("state")).isEqualTo("COMPLETED");
        assertThat(done.getInt("counts.stored")).isEqualTo(2);
        Map<String, Integer> skipped = done.getMap("counts.skipped");
        assertThat(skipped).containsExactlyInAnyOrderEntriesOf(Map.of("not-an-image", 1, "content-type", 1, "too-large", 1,
                "http-404", 1, "blocked-address", 1));
        Map<String, Integer> failures = done.getMap("counts.failures");
        assertThat(failures).containsExactlyInAnyOrderEntriesOf(Map.of("server-error", 1, "truncated", 1));
        assertThat(done.getInt("counts.failed")).isEqualTo(2);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("inkflow_crawler_skipped_images_total{reason=\"too-large\"}")
                .contains("inkflow_crawler_skipped_images_total{reason=\"blocked-address\"}")
                .contains("inkflow_crawler_failed_images_total{reason=\"server-error\"}")
                .contains("inkflow_crawler_http_requests_total{host=\"127.0.0.1\",status=\"429\"}")
                .contains("inkflow_crawler_http_requests_total{host=\"127.0.0.1\",status=\"404\"}")
                .contains("inkflow_crawler_fetch_seconds_bucket{host=\"127.0.0.1\"")
                .contains("inkflow_crawler_stored_images_total{source=\"safebooru\"}")
                .contains("inkflow_crawler_job_progress_ratio{job=\"" + id + "\"} 1.0")
                .contains("inkflow_crawler_active_jobs")
                .contains("inkflow_crawler_jobs{state=\"COMPLETED\"}")
                .contains("inkflow_crawler_downloaded_bytes_total{host=\"127.0.0.1\"}");
    }

    @Test
    void aDanbooruCrawlLogsInAndSkipsPostsWithoutFiles() {
        List<Map<String, Object>> posts = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            server.png("/data/" + id + ".png", TestImages.png(600 + id, 40, 24));
            posts.add(FakeBooruServer.danbooruPost(id, server.url("/data/" + id + ".png"), "png", "dog", "s"));
        }
        posts.add(FakeBooruServer.danbooruPost(9, null, "jpg", "dog", "s"));
        server.danbooru(posts).requireDanbooruLogin("tester", "secret");
        String id = post(Map.of("source", "danbooru", "baseUrl", server.base().toString(), "tags", List.of("dog"), "rating", "s"));
        JsonPath done = awaitEnd(id);
        assertThat(done.getString("state")).isEqualTo("COMPLETED");
        assertThat(done.getInt("counts.stored")).isEqualTo(3);
        assertThat(done.getInt("counts.skipped.no-file-url")).isEqualTo(1);
        assertThat(events(id, 3)).allSatisfy(e -> {
            assertThat(e.objectKey()).startsWith("raw/danbooru/dog/");
            assertThat(e.rating()).isEqualTo("s");
        });
    }

    @Test
    void theOpenMojiImporterStoresPairsWithLineArtAndGroupKeys() throws Exception {
        Path dir = Files.createTempDirectory("openmoji-it");
        try {
            Path tgz = OpenMojiTarball.standard().writeTo(dir.resolve("openmoji-17.0.0.tgz"));
            String id = post(Map.of("source", "openmoji", "baseUrl", tgz.toString(), "maxImages", 300, "size", 64));
            JsonPath done = awaitEnd(id);
            assertThat(done.getString("state")).isEqualTo("COMPLETED");
            assertThat(done.getInt("size")).isEqualTo(64);
            assertThat(done.getInt("counts.stored")).isEqualTo(4); // the flag is excluded, one emoji has no outline
            assertThat(done.getInt("counts.skipped.missing-line-art")).isEqualTo(1);
            List<RawImageStored> events = events(id, 4);
            assertThat(events).extracting(RawImageStored::groupKey).containsExactlyInAnyOrder("1F600", "1F44B", "1F44B", "1F431");
            for (RawImageStored e : events) {
                assertThat(e.lineArtKey()).isNotNull();
                assertThat(store.exists(e.lineArtKey())).isTrue();
                assertThat(e.width()).isEqualTo(64);
                assertThat(e.license()).contains("OpenMoji");
                assertThat(e.objectKey()).matches("raw/openmoji/[a-z-]+/[0-9a-f]{64}\\.png");
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void badRequestsGetAJsonProblem() {
        given().contentType(ContentType.JSON).body("{\"source\": \"safebooru\", ").post("/crawl-jobs")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("not valid JSON for this endpoint"))
                .body("type", equalTo("https://inkflow.dev/problems/bad-request")).body("title", equalTo("Bad Request"))
                .body("status", equalTo(400)).body("instance", equalTo("/crawl-jobs"));
        given().contentType(ContentType.JSON).body("{\"source\":\"safebooru\",\"baseUrl\":\"http://127.0.0.1:1\",\"maxImages\":\"many\"}")
                .post("/crawl-jobs").then().statusCode(400).contentType(PROBLEM).body("field", equalTo("maxImages"))
                .body("detail", containsString("'maxImages' must be a whole number"));
        given().contentType(ContentType.JSON).body("[1, 2]").post("/crawl-jobs").then().statusCode(400).body("detail", notNullValue());
        given().contentType(ContentType.JSON).body("{\"source\":\"safebooru\",\"tags\":\"cat\"}")
                .post("/crawl-jobs").then().statusCode(400).body("field", equalTo("tags"));
        given().contentType(ContentType.JSON).body(Map.of("source", "flickr", "baseUrl", "http://127.0.0.1:1"))
                .post("/crawl-jobs").then().statusCode(400).contentType(PROBLEM).body("field", equalTo("source"))
                .body("detail", containsString("unknown source 'flickr'"));
        given().contentType(ContentType.JSON).body(Map.of("source", "safebooru", "baseUrl", "http://internal.test/"))
                .post("/crawl-jobs").then().statusCode(400).body("field", equalTo("baseUrl"))
                .body("detail", containsString("10.1.2.3"));
        given().contentType(ContentType.JSON).post("/crawl-jobs").then().statusCode(400).body("detail", notNullValue());
        // Issue 17: any readable local path was accepted, and 400 or 201 told whether a file existed.
        for (String path : List.of("/etc/passwd", "/etc/no-such-file-17")) {
            given().contentType(ContentType.JSON).body("{\"source\":\"openmoji\",\"baseUrl\":\"" + path + "\"}")
                    .post("/crawl-jobs").then().statusCode(400).contentType(PROBLEM).body("field", equalTo("baseUrl"))
                    .body("detail", equalTo("baseUrl '" + path + "' is not under an import root; local imports are read"
                            + " only from the folders in inkflow.crawler.import-roots; put openmoji-17.0.0.tgz in one or"
                            + " give its http(s) URL"));
        }
        given().get("/crawl-jobs/no-such-job").then().statusCode(404).contentType(PROBLEM)
                .body("type", equalTo("https://inkflow.dev/problems/not-found")).body("title", equalTo("Not Found"))
                .body("status", equalTo(404)).body("detail", containsString("no crawl job"));
        given().delete("/crawl-jobs/no-such-job").then().statusCode(404).contentType(PROBLEM);
        given().get("/no/such/path").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("/no/such/path"));
        given().contentType(ContentType.TEXT).body("hello").post("/crawl-jobs").then().statusCode(415).contentType(PROBLEM)
                .body("type", equalTo("https://inkflow.dev/problems/unsupported-media-type"));
        given().put("/crawl-jobs").then().statusCode(405).contentType(PROBLEM).body("detail", containsString("PUT is not allowed"));
    }

    @Test
    void deleteCancelsARunningJob() {
        server.safebooru(BooruFixtures.safebooru(server, 700, 3, "bat"));
        server.file("/images/1/img700.png", (ex, hit) -> {
            server.stall(10_000);
            FakeBooruServer.send(ex, 200, "image/png", TestImages.png(700, 40, 24));
        });
        String id = post(Map.of("source", "safebooru", "baseUrl", server.base().toString(), "tags", List.of("bat"),
                "requestsPerSecond", 50));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.count("/images/1/img700.png") > 0);
        // the cancel is a record that reaches the job's owner; it ends the job well within the 5 s DELETE waits
        given().delete("/crawl-jobs/" + id).then().statusCode(200).body("state", equalTo("CANCELLED"));
        JsonPath done = awaitEnd(id);
        assertThat(done.getString("state")).isEqualTo("CANCELLED");
        assertThat(server.count("/images/1/img701.png")).isZero();
        assertThat(store.get("crawl-jobs/" + id + "/status.json")).asString(StandardCharsets.UTF_8).contains("CANCELLED");
        // a job that ended is returned as it ended
        given().delete("/crawl-jobs/" + id).then().statusCode(200).body("state", equalTo("CANCELLED"));
        ConsumerTask<String, String> records = companion.consumeStrings().fromTopics(Topics.CRAWL_JOBS);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(records.getRecords().stream()
                    .filter(r -> id.equals(r.key())).map(r -> EventJson.read(r.value(), CrawlJobRequested.class).action())
                    .toList()).containsExactly(CrawlJobRequested.RUN, CrawlJobRequested.CANCEL));
        } finally {
            records.stop();
        }
    }

    @Test
    void jobsArriveFromKafkaAndPoisonRecordsGoToTheDeadLetterTopic() {
        server.safebooru(BooruFixtures.safebooru(server, 800, 2, "owl"));
        String good = EventJson.write(new CrawlJobRequested(CrawlJobRequested.SCHEMA_VERSION, "kafka-job-1", "safebooru",
                server.base().toString(), List.of("owl"), null, 10, 50.0, Instant.now(), null));
        String notJson = "{not json";
        String unknownSource = EventJson.write(new CrawlJobRequested(1, "kafka-job-2", "flickr", server.base().toString(),
                List.of(), null, 10, 1.0, Instant.now(), null));
        String noId = "{\"schemaVersion\":1,\"source\":\"safebooru\",\"baseUrl\":\"" + server.base() + "\"}";
        companion.produceStrings().fromRecords(List.of(
                new ProducerRecord<>(Topics.CRAWL_JOBS, "p1", notJson),
                new ProducerRecord<>(Topics.CRAWL_JOBS, "kafka-job-2", unknownSource),
                new ProducerRecord<>(Topics.CRAWL_JOBS, "p3", noId),
                new ProducerRecord<>(Topics.CRAWL_JOBS, "kafka-job-1", good),
                new ProducerRecord<>(Topics.CRAWL_JOBS, "kafka-job-1", good))) // delivered twice: still one job
                .awaitCompletion(Duration.ofSeconds(20));

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/crawl-jobs/kafka-job-1").then().statusCode(200));
        JsonPath done = awaitEnd("kafka-job-1");
        assertThat(done.getInt("counts.stored")).isEqualTo(2);
        assertThat(given().get("/crawl-jobs").then().extract().jsonPath().getList("id", String.class))
                .filteredOn("kafka-job-1"::equals).hasSize(1);

        ConsumerTask<String, String> dlq = companion.consumeStrings().fromTopics(Topics.dlq(Topics.CRAWL_JOBS), 3)
                .awaitCompletion(Duration.ofSeconds(30));
        Map<String, String> reasons = dlq.getRecords().stream().collect(Collectors.toMap(ConsumerRecord::key,
                r -> new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8)));
        assertThat(reasons).containsOnlyKeys("p1", "kafka-job-2", "p3");
        assertThat(reasons.get("p1")).contains("not a valid CrawlJobRequested");
        assertThat(reasons.get("kafka-job-2")).contains("unknown source 'flickr'");
        assertThat(reasons.get("p3")).contains("missing required field 'jobId'");
    }
}
