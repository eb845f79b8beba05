package org.inkflow.crawler.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.awaitility.Awaitility;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.Topics;
import org.inkflow.common.messaging.TopicInitializer;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.crawler.fakes.BooruFixtures;
import org.inkflow.crawler.fakes.FakeBooruServer;
import org.inkflow.localstack.ChildProcess;
import org.inkflow.localstack.FreePorts;
import org.inkflow.localstack.TestCredentials;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two packaged crawler processes ({@code target/quarkus-app}, so this runs after {@code package}: see the pom) on the
 * real broker and S3, the crawl-jobs topic with 3 partitions, a job crawling a loopback fake Safebooru (the only host
 * the replicas may reach): the replica owning the job's partition is killed with SIGKILL mid-job; the other replica
 * is assigned the partition, resumes the job from its cursor in S3 and completes it. Every image is stored exactly
 * once, and downloaded once but for at most the one in flight at the kill. Prints the time to take over.
 */
@Timeout(300)
class CrawlReplicasIT {

    static final int IMAGES = 40;
    static final int PARTITIONS = 3;
    static final String BUCKET = "inkflow-replicas-it";
    static final String GROUP = "inkflow-crawler";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    TestStack stack;
    ObjectStore store;
    FakeBooruServer server;
    Path logs;
    final List<Replica> replicas = new ArrayList<>();

    record Replica(String name, int port, ChildProcess process) {
        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    @BeforeEach
    void start() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertThat(jar).as("the packaged crawler; this test runs after package (mvn verify)").isRegularFile();
        stack = TestStack.start();
        store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), BUCKET, "us-east-1");
        store.ensureBucket();
        // The topics exist with their partitions before any consumer subscribes (a consumer must not get a
        // one-partition topic auto-created; the services also create them before their channels start).
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            admin.createTopics(TopicInitializer.desiredTopics(PARTITIONS)).all().get(30, TimeUnit.SECONDS);
        }
        server = FakeBooruServer.start();
        server.safebooru(BooruFixtures.safebooru(server, 300, IMAGES, "heron"));
        logs = Files.createTempDirectory("crawl-replicas-it");
        for (String name : List.of("crawler-a", "crawler-b")) {
            replicas.add(startReplica(jar, name));
        }
        for (Replica replica : replicas) {
            replica.process().awaitReady(() -> status(replica.url("/q/health/ready")) == 200, Duration.ofMinutes(2));
        }
        // Both in the group, the 3 partitions shared out, before the job is submitted.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all()
                        .get(5, TimeUnit.SECONDS).get(GROUP);
                return group.members().size() == 2 && group.members().stream()
                        .mapToInt(m -> m.assignment().topicPartitions().size()).sum() == PARTITIONS
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
    }

    Replica startReplica(Path jar, String name) {
        int port = FreePorts.next();
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        env.put("INKFLOW_S3_ENDPOINT", stack.s3Endpoint());
        env.put("INKFLOW_S3_ACCESS_KEY", stack.s3AccessKey());
        env.put("INKFLOW_S3_SECRET_KEY", stack.s3SecretKey());
        env.put("INKFLOW_S3_BUCKET", BUCKET);
        env.put("INKFLOW_KAFKA_PARTITIONS", String.valueOf(PARTITIONS));
        // loopback only: the fake booru is the one host these processes may reach
        env.put("INKFLOW_CRAWLER_ALLOWED_HOSTS", "127.0.0.1");
        env.put("INKFLOW_CRAWLER_ALLOW_PRIVATE_HOSTS", "127.0.0.1");
        env.put("INKFLOW_CRAWLER_MAX_REQUESTS_PER_SECOND", "50");
        env.put("INKFLOW_CRAWLER_PAGE_SIZE", "10");
        env.put("INKFLOW_CRAWLER_RETRY_BASE_DELAY", "50ms");
        env.putAll(TestCredentials.get().environment());
        List<String> jvm = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        ChildProcess process = ChildProcess.start(name, List.of(jar.toString()),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of(), jvm, env, logs.resolve(name + ".log"));
        return new Replica(name, port, process);
    }

    @AfterEach
    void stop() throws IOException {
        replicas.forEach(r -> r.process().close());
        if (server != null) {
            server.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (logs != null) {
            try (Stream<Path> files = Files.walk(logs)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theSurvivorTakesOverAKilledOwnersJobAndStoresEveryImageOnce() throws Exception {
        KafkaCompanion companion = new KafkaCompanion(stack.kafkaBootstrapServers());
        ConsumerTask<String, String> announced = companion.consumeStrings().fromTopics(Topics.IMAGES_RAW);
        try {
            // submitted to one replica; the job's key decides which one runs it
            HttpResponse<String> created = post(replicas.get(0).url("/crawl-jobs"), "{\"source\":\"safebooru\",\"baseUrl\":\""
                    + server.base() + "\",\"tags\":[\"heron\"],\"maxImages\":" + IMAGES + ",\"requestsPerSecond\":6}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            String id = EventJson.MAPPER.readTree(created.body()).path("id").asText();
            for (Replica replica : replicas) {
                assertThat(state(replica, id).path("state").asText()).as("any replica answers")
                        .isIn("QUEUED", "RUNNING");
            }

            Replica owner = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> replicas.stream().filter(r -> runsJob(r, id)).findFirst().orElse(null),
                            r -> r != null);
            Replica survivor = replicas.stream().filter(r -> r != owner).findFirst().orElseThrow();
            assertThat(runsJob(survivor, id)).as("one owner").isFalse();

            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> store.list("raw/index/sha256/").size() >= 10);
            long killedAt = System.nanoTime();
            ProcessHandle.of(owner.process().pid()).orElseThrow().destroyForcibly(); // SIGKILL: no clean stop
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !owner.process().isAlive());
            int storedAtKill = store.list("raw/index/sha256/").size();

            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> runsJob(survivor, id));
            long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

            JsonNode done = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> state(survivor, id), s -> Set.of("COMPLETED", "FAILED", "CANCELLED")
                            .contains(s.path("state").asText()));
            long completedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.path("attempts").asInt()).as("the killed start counts; the takeover is the second")
                    .isEqualTo(2);
            List<ObjectInfo> objects = store.list("raw/safebooru/heron/").stream()
                    .filter(o -> o.key().endsWith(".png")).toList();
            assertThat(objects).as("every image stored exactly once").hasSize(IMAGES);
            assertThat(store.list("raw/index/sha256/")).hasSize(IMAGES);
            int downloads = 0;
            for (int post = 300; post < 300 + IMAGES; post++) {
                int n = server.count("/images/1/img" + post + ".png");
                assertThat(n).as("downloads of img%d", post).isBetween(1, 2);
                downloads += n;
            }
            assertThat(downloads).as("only the image in flight at the kill is downloaded again").isBetween(IMAGES, IMAGES + 1);

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ofJob(announced, id).size() >= IMAGES);
            List<String> shas = ofJob(announced, id).stream().map(RawImageStored::sha256).toList();
            assertThat(Set.copyOf(shas)).hasSize(IMAGES);
            // an image killed between its event and its index entry is announced again by the next owner
            assertThat(shas.size()).isLessThanOrEqualTo(IMAGES + 1);

            System.out.printf("CrawlReplicasIT: owner %s killed (SIGKILL) with %d of %d images stored; %s took over"
                            + " after %d ms (session.timeout.ms 10000) and completed the job %d ms after the kill;"
                            + " %d downloads for %d images, %d images.raw events%n", owner.name(), storedAtKill, IMAGES,
                    survivor.name(), takeoverMillis, completedMillis, downloads, IMAGES, shas.size());
        } finally {
            announced.stop();
            companion.close();
        }
    }

    /** Whether {@code replica} has run the job: its job progress gauge exists only where the job was started. */
    boolean runsJob(Replica replica, String id) {
        if (!replica.process().isAlive()) {
            return false;
        }
        try {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(replica.url("/q/metrics")))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return metrics.statusCode() == 200 && metrics.body().contains("job=\"" + id + "\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    JsonNode state(Replica replica, String id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(replica.url("/crawl-jobs/" + id)))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventJson.MAPPER.readTree(response.body());
    }

    HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-API-Key", TestCredentials.get().operatorKey())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static List<RawImageStored> ofJob(ConsumerTask<String, String> task, String id) {
        return task.getRecords().stream().map(r -> EventJson.read(r.value(), RawImageStored.class))
                .filter(e -> id.equals(e.jobId())).collect(Collectors.toList());
    }
}
