package org.inkflow.crawler.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.Topics;
import org.inkflow.common.messaging.TopicInitializer;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.crawler.fakes.BooruFixtures;
import org.inkflow.crawler.fakes.FakeBooruServer;
import org.inkflow.crawler.fakes.TestImages;
import org.inkflow.localstack.PackagedReplicas;
import org.inkflow.localstack.PackagedReplicas.Replica;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Packaged crawler processes ({@code target/quarkus-app}, so this runs after {@code package}: see the pom) on the
 * real broker and S3, the crawl-jobs topic with 3 partitions, a job crawling a loopback fake Safebooru (the only host
 * the replicas may reach). Two ways a job changes hands, each ending with every image stored exactly once:
 * <ul>
 *   <li>the replica owning the job's partition is killed with SIGKILL mid-job: the other replica is assigned the
 *   partition, resumes the job from its cursor in S3 and completes it; the killed start counts as an attempt;</li>
 *   <li>a rolling update: a new replica joins (the group rebalances), then the old owner is stopped with SIGTERM as
 *   Kubernetes stops a pod: the job is handed over at its cursor, and no clean stop counts as an attempt.</li>
 * </ul>
 * Prints the times to take over.
 */
@Timeout(300)
class CrawlReplicasIT {

    static final int IMAGES = 40;
    static final int PARTITIONS = 3;
    static final String BUCKET = "inkflow-replicas-it";
    static final String GROUP = "inkflow-crawler";
    static final Pattern ACTIVE_ONE = Pattern.compile("(?m)^inkflow_crawler_active_jobs(\\{[^}]*})? 1\\.0$");

    TestStack stack;
    ObjectStore store;
    FakeBooruServer server;
    PackagedReplicas replicas;

    @BeforeEach
    void start() throws Exception {
        stack = TestStack.start();
        store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), BUCKET, "us-east-1");
        store.ensureBucket();
        // The topics exist with their partitions before any consumer subscribes (a consumer must not get a
        // one-partition topic auto-created; the services also create them before their channels start).
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            TopicInitializer.createMissing(admin, PARTITIONS, Duration.ofSeconds(60));
        }
        server = FakeBooruServer.start();
        server.safebooru(BooruFixtures.safebooru(server, 300, IMAGES, "heron"));
        replicas = new PackagedReplicas(stack, Path.of("target/quarkus-app/quarkus-run.jar"), BUCKET, PARTITIONS);
        for (String name : List.of("crawler-a", "crawler-b")) {
            startReplica(name);
        }
        for (Replica replica : replicas.all()) {
            replicas.awaitReady(replica, Duration.ofMinutes(2));
        }
        // Both in the group, the 3 partitions shared out, before the job is submitted.
        replicas.awaitShared(GROUP, Topics.CRAWL_JOBS, 2, Duration.ofSeconds(60));
    }

    Replica startReplica(String name) {
        return replicas.start(name, Map.of(
                // loopback only: the fake booru is the one host these processes may reach
                "INKFLOW_CRAWLER_ALLOWED_HOSTS", "127.0.0.1",
                "INKFLOW_CRAWLER_ALLOW_PRIVATE_HOSTS", "127.0.0.1",
                "INKFLOW_CRAWLER_MAX_REQUESTS_PER_SECOND", "50",
                "INKFLOW_CRAWLER_PAGE_SIZE", "10",
                "INKFLOW_CRAWLER_RETRY_BASE_DELAY", "50ms"), "384m");
    }

    @AfterEach
    void stop() {
        if (replicas != null) {
            replicas.close();
        }
        if (server != null) {
            server.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theSurvivorTakesOverAKilledOwnersJobAndStoresEveryImageOnce() throws Exception {
        KafkaCompanion companion = new KafkaCompanion(stack.kafkaBootstrapServers());
        ConsumerTask<String, String> announced = companion.consumeStrings().fromTopics(Topics.IMAGES_RAW);
        try {
            String id = submit();
            Replica owner = awaitRunner();
            Replica survivor = replicas.all().stream().filter(r -> r != owner).findFirst().orElseThrow();
            assertThat(runsJob(survivor, id)).as("one owner").isFalse();

            awaitStored(10);
            long killedAt = System.nanoTime();
            ProcessHandle.of(owner.process().pid()).orElseThrow().destroyForcibly(); // SIGKILL: no clean stop
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !owner.process().isAlive());
            int storedAtKill = store.list("raw/index/sha256/").size();

            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> runsJob(survivor, id));
            long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

            JsonNode done = awaitEnd(survivor, id);
            long completedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertThat(done.path("attempts").asInt()).as("the killed start counts; the takeover is the second")
                    .isEqualTo(2);
            int downloads = assertEveryImageOnce(announced, id, 1);

            System.out.printf("CrawlReplicasIT: owner %s killed (SIGKILL) with %d of %d images stored; %s took over"
                            + " after %d ms (session.timeout.ms 10000) and completed the job %d ms after the kill;"
                            + " %d downloads for %d images%n", owner.name(), storedAtKill, IMAGES,
                    survivor.name(), takeoverMillis, completedMillis, downloads, IMAGES);
        } finally {
            announced.stop();
            companion.close();
        }
    }

    @Test
    void aRollingUpdateHandsTheJobOverAtItsCursorWithoutCountingAnAttempt() throws Exception {
        // The job holds at its 21st image until the update is done, so it is mid-job whatever the machine's speed.
        CountDownLatch updated = new CountDownLatch(1);
        int gated = 300 + 20;
        byte[] gatedPng = TestImages.png(gated, 40, 24);
        server.file("/images/1/img" + gated + ".png", (ex, hit) -> {
            try {
                updated.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeBooruServer.send(ex, 200, "image/png", gatedPng);
        });
        KafkaCompanion companion = new KafkaCompanion(stack.kafkaBootstrapServers());
        ConsumerTask<String, String> announced = companion.consumeStrings().fromTopics(Topics.IMAGES_RAW);
        try {
            String id = submit();
            Replica first = awaitRunner();
            awaitStored(20);

            // The new pod starts before the old one stops: the group shares the partitions over three members
            // (cooperatively: only the partitions the newcomer takes move, the job's perhaps among them).
            Replica added = startReplica("crawler-c");
            replicas.awaitReady(added, Duration.ofMinutes(2));
            replicas.awaitShared(GROUP, Topics.CRAWL_JOBS, 3, Duration.ofSeconds(60));

            // Then the replica holding the job now is stopped as Kubernetes stops a pod: SIGTERM, a clean stop that
            // interrupts the job's download and saves its cursor.
            Replica holder = awaitRunner();
            long stoppedAt = System.nanoTime();
            holder.process().stop(Duration.ofSeconds(30));
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
            assertThat(stopMillis).as("it ended on its SIGTERM, not killed after 30 s").isLessThan(30_000);
            updated.countDown();
            Replica next = awaitRunner();
            long handoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
            assertThat(next).isNotSameAs(holder);

            JsonNode done = awaitEnd(next, id);
            assertThat(done.path("attempts").asInt()).as("a clean stop gives its start back: " + done).isEqualTo(1);
            // first -> holder (when the newcomer took the job's partition as it joined) -> next, after the stop
            int handovers = (holder == first ? 0 : 1) + 1;
            int downloads = assertEveryImageOnce(announced, id, handovers);

            System.out.printf("CrawlReplicasIT: rolling update: %s started the job, %s joined, %s (holding it) stopped"
                            + " with SIGTERM in %d ms; %s resumed it %d ms after the stop began; %d handovers,"
                            + " %d downloads for %d images%n", first.name(), added.name(), holder.name(), stopMillis,
                    next.name(), handoverMillis, handovers, downloads, IMAGES);
        } finally {
            updated.countDown();
            announced.stop();
            companion.close();
        }
    }

    /** Submits the crawl to the first replica (the job's key decides which one runs it); any replica answers. */
    String submit() throws Exception {
        HttpResponse<String> created = replicas.post(replicas.all().get(0), "/crawl-jobs", "{\"source\":\"safebooru\","
                + "\"baseUrl\":\"" + server.base() + "\",\"tags\":[\"heron\"],\"maxImages\":" + IMAGES
                + ",\"requestsPerSecond\":6}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = EventJson.MAPPER.readTree(created.body()).path("id").asText();
        for (Replica replica : replicas.all()) {
            assertThat(state(replica, id).path("state").asText()).as("any replica answers").isIn("QUEUED", "RUNNING");
        }
        return id;
    }

    /**
     * The live replica running a job now, once one is; with one job in the test, it is the replica whose
     * {@code inkflow_crawler_active_jobs} gauge reads 1 (the job's progress gauge stays where a job once ran).
     */
    Replica awaitRunner() {
        return Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> replicas.all().stream().filter(r -> running(r)).findFirst().orElse(null),
                        r -> r != null);
    }

    boolean running(Replica replica) {
        try {
            return replica.process().isAlive() && ACTIVE_ONE.matcher(replicas.get(replica, "/q/metrics").body()).find();
        } catch (UncheckedIOException e) {
            return false; // stopping
        }
    }

    void awaitStored(int images) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> store.list("raw/index/sha256/").size() >= images);
    }

    JsonNode awaitEnd(Replica replica, String id) {
        JsonNode done = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> state(replica, id), s -> Set.of("COMPLETED", "FAILED", "CANCELLED")
                        .contains(s.path("state").asText()));
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        return done;
    }

    /**
     * Every image stored and announced exactly once, downloaded once but for the one in flight at each of the
     * {@code handovers}; returns the downloads.
     */
    int assertEveryImageOnce(ConsumerTask<String, String> announced, String id, int handovers) {
        List<ObjectInfo> objects = store.list("raw/safebooru/heron/").stream()
                .filter(o -> o.key().endsWith(".png")).toList();
        assertThat(objects).as("every image stored exactly once").hasSize(IMAGES);
        assertThat(store.list("raw/index/sha256/")).hasSize(IMAGES);
        int downloads = 0;
        for (int post = 300; post < 300 + IMAGES; post++) {
            int n = server.count("/images/1/img" + post + ".png");
            assertThat(n).as("downloads of img%d", post).isBetween(1, 1 + handovers);
            downloads += n;
        }
        assertThat(downloads).as("only the image in flight at a handover is downloaded again")
                .isBetween(IMAGES, IMAGES + handovers);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ofJob(announced, id).size() >= IMAGES);
        List<String> shas = ofJob(announced, id).stream().map(RawImageStored::sha256).toList();
        assertThat(Set.copyOf(shas)).hasSize(IMAGES);
        // an image stopped between its event and its index entry is announced again by the next owner
        assertThat(shas.size()).isLessThanOrEqualTo(IMAGES + handovers);
        return downloads;
    }

    boolean runsJob(Replica replica, String id) {
        return replicas.mentions(replica, "job=\"" + id + "\"");
    }

    JsonNode state(Replica replica, String id) throws Exception {
        HttpResponse<String> response = replicas.get(replica, "/crawl-jobs/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventJson.MAPPER.readTree(response.body());
    }

    static List<RawImageStored> ofJob(ConsumerTask<String, String> task, String id) {
        return task.getRecords().stream().map(r -> EventJson.read(r.value(), RawImageStored.class))
                .filter(e -> id.equals(e.jobId())).collect(Collectors.toList());
    }
}
