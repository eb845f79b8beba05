package org.inkflow.trainer.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.awaitility.Awaitility;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.events.Topics;
import org.inkflow.common.events.TrainingProgress;
import org.inkflow.common.messaging.TopicInitializer;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.TestCredentials;
import org.inkflow.localstack.ChildProcess;
import org.inkflow.localstack.FreePorts;
import org.inkflow.localstack.TestStack;
import org.inkflow.trainer.runs.ShapesDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two packaged trainer processes ({@code target/quarkus-app}, so this runs after {@code package}: see the pom) on the
 * real broker and S3, the training-requests topic with 3 partitions: a run is submitted to one replica, the replica
 * owning its partition trains it and is killed with SIGKILL after its first checkpoint; the other replica is assigned
 * the partition, resumes the run from its latest checkpoint (not from step 0) and completes it, once: one COMPLETED
 * progress event, one model candidate. Prints the time to take over.
 */
@Timeout(600)
class TrainerReplicasIT {

    static final int PARTITIONS = 3;
    static final String BUCKET = "inkflow-trainer-replicas-it";
    static final String GROUP = "inkflow-trainer";
    static final int STEPS = 600;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    TestStack stack;
    ObjectStore store;
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
        assertThat(jar).as("the packaged trainer; this test runs after package (mvn verify)").isRegularFile();
        stack = TestStack.start();
        store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), BUCKET, "us-east-1");
        store.ensureBucket();
        ShapesDataset.put(store, "replicas", "1", 12, 4, 32, 8);
        // The topics exist with their partitions before any consumer subscribes.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            admin.createTopics(TopicInitializer.desiredTopics(PARTITIONS)).all().get(30, TimeUnit.SECONDS);
        }
        logs = Files.createTempDirectory("trainer-replicas-it");
        for (String name : List.of("trainer-a", "trainer-b")) {
            replicas.add(startReplica(jar, name));
        }
        for (Replica replica : replicas) {
            replica.process().awaitReady(() -> status(replica.url("/q/health/ready")) == 200, Duration.ofMinutes(4));
        }
        // Both in the group, the 3 training-requests partitions shared out, before the run is submitted.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all()
                        .get(5, TimeUnit.SECONDS).get(GROUP);
                List<MemberDescription> owners = group.members().stream().filter(m -> m.assignment().topicPartitions()
                        .stream().anyMatch(tp -> tp.topic().equals(Topics.TRAINING_REQUESTS))).toList();
                long assigned = group.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                        .filter(tp -> tp.topic().equals(Topics.TRAINING_REQUESTS)).count();
                return owners.size() == 2 && assigned == PARTITIONS;
            });
        }
    }

    Replica startReplica(Path jar, String name) throws IOException {
        int port = FreePorts.next();
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        env.put("INKFLOW_S3_ENDPOINT", stack.s3Endpoint());
        env.put("INKFLOW_S3_ACCESS_KEY", stack.s3AccessKey());
        env.put("INKFLOW_S3_SECRET_KEY", stack.s3SecretKey());
        env.putAll(TestCredentials.get().environment());
        env.put("INKFLOW_S3_BUCKET", BUCKET);
        env.put("INKFLOW_KAFKA_PARTITIONS", String.valueOf(PARTITIONS));
        env.put("INKFLOW_TRAINER_AUTO_TRAIN_ENABLED", "false");
        env.put("INKFLOW_TRAINER_TENSORFLOW_THREADS", "1");
        env.put("INKFLOW_TRAINER_WORK_DIR", Files.createDirectories(logs.resolve(name + "-work")).toString());
        List<String> jvm = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        ChildProcess process = ChildProcess.start(name, List.of(jar.toString()),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of(), jvm, env, logs.resolve(name + ".log"));
        return new Replica(name, port, process);
    }

    @AfterEach
    void stop() throws IOException {
        replicas.forEach(r -> r.process().close());
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
    void theSurvivorResumesAKilledOwnersRunFromItsCheckpointAndCompletesItOnce() throws Exception {
        KafkaCompanion companion = new KafkaCompanion(stack.kafkaBootstrapServers());
        ConsumerTask<String, String> progress = companion.consumeStrings().fromTopics(Topics.TRAINING_PROGRESS);
        ConsumerTask<String, String> candidates = companion.consumeStrings().fromTopics(Topics.MODELS_CANDIDATES);
        try {
            // Early stopping off, so the run always reaches its last step; a checkpoint every 50 steps.
            HttpResponse<String> accepted = post(replicas.get(0).url("/runs"), "{\"datasetName\":\"replicas\","
                    + "\"datasetVersion\":\"1\",\"hyperparameters\":{\"width\":4,\"batchSize\":4,\"steps\":" + STEPS
                    + ",\"validateEvery\":50,\"checkpointEvery\":50,\"logEvery\":10,\"learningRate\":0.005,"
                    + "\"earlyStoppingPatience\":0,\"keepCheckpoints\":2}}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = EventJson.MAPPER.readTree(accepted.body()).path("id").asText();
            for (Replica replica : replicas) {
                assertThat(state(replica, id).path("state").asText()).as("any replica answers").isIn("QUEUED", "RUNNING");
            }

            Replica owner = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> replicas.stream().filter(r -> trains(r, id)).findFirst().orElse(null), r -> r != null);
            Replica survivor = replicas.stream().filter(r -> r != owner).findFirst().orElseThrow();
            assertThat(trains(survivor, id)).as("one owner").isFalse();

            // After its first checkpoint (its state file is written last), the owner dies without a word.
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> store.list("runs/" + id + "/checkpoints/").stream()
                            .anyMatch(o -> o.key().endsWith("checkpoint.json")));
            long killedAt = System.nanoTime();
            ProcessHandle.of(owner.process().pid()).orElseThrow().destroyForcibly(); // SIGKILL
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !owner.process().isAlive());
            long checkpointAtKill = latestCheckpointStep(id);
            assertThat(checkpointAtKill).isPositive().isLessThan(STEPS);

            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> trains(survivor, id));
            long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

            JsonNode done = Awaitility.await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(300))
                    .until(() -> state(survivor, id), s -> Set.of("COMPLETED", "FAILED", "STOPPED")
                            .contains(s.path("state").asText()));
            long completedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.path("attempts").asInt()).as("the killed start counts; the takeover is the second")
                    .isEqualTo(2);
            long resumedAt = done.path("resumedAtStep").asLong();
            assertThat(resumedAt).as("resumed from a checkpoint, not from step 0").isPositive()
                    .isGreaterThanOrEqualTo(checkpointAtKill);
            assertThat(done.path("step").asLong()).isEqualTo(STEPS);
            assertThat(store.exists(done.path("modelLocation").asText() + "saved_model/saved_model.pb")).isTrue();
            // The curve continues: every logged step once, the resume between them.
            String metrics = new String(store.get("runs/" + id + "/metrics.jsonl"), StandardCharsets.UTF_8);
            List<Long> steps = metrics.lines().filter(l -> l.contains("\"type\":\"step\""))
                    .map(l -> Long.parseLong(l.replaceAll(".*\"step\":(\\d+).*", "$1"))).toList();
            assertThat(steps).doesNotHaveDuplicates().isSorted().contains(1L, resumedAt + 1, (long) STEPS);
            assertThat(metrics).contains("\"type\":\"resume\"");
            assertThat(state(survivor, id).path("state").asText()).isEqualTo("COMPLETED");

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> candidates.getRecords().stream()
                    .anyMatch(r -> id.equals(EventJson.read(r.value(), ModelCandidate.class).runId())));
            assertThat(candidates.getRecords().stream().map(r -> EventJson.read(r.value(), ModelCandidate.class))
                    .filter(c -> id.equals(c.runId()))).as("one model candidate").hasSize(1);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> progressOf(progress, id).stream()
                    .anyMatch(p -> "COMPLETED".equals(p.state())));
            assertThat(progressOf(progress, id)).filteredOn(p -> "COMPLETED".equals(p.state()))
                    .as("completed once").hasSize(1);

            System.out.printf("TrainerReplicasIT: owner %s killed (SIGKILL) with its latest checkpoint at step %d of %d;"
                            + " %s took over after %d ms (session.timeout.ms 10000), resumed at step %d and completed"
                            + " the run %d ms after the kill%n", owner.name(), checkpointAtKill, STEPS, survivor.name(),
                    takeoverMillis, resumedAt, completedMillis);
        } finally {
            progress.stop();
            candidates.stop();
            companion.close();
        }
    }

    long latestCheckpointStep(String id) {
        return store.list("runs/" + id + "/checkpoints/").stream().map(ObjectInfo::key)
                .filter(k -> k.endsWith("checkpoint.json"))
                .mapToLong(k -> Long.parseLong(k.replaceAll(".*/step-0*(\\d+)[^/]*/checkpoint.json", "$1")))
                .max().orElse(0);
    }

    static List<TrainingProgress> progressOf(ConsumerTask<String, String> task, String id) {
        return task.getRecords().stream().map(r -> EventJson.read(r.value(), TrainingProgress.class))
                .filter(p -> id.equals(p.runId())).toList();
    }

    /** Whether {@code replica} has trained the run: its run gauges exist only where the run was started. */
    boolean trains(Replica replica, String id) {
        if (!replica.process().isAlive()) {
            return false;
        }
        try {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(replica.url("/q/metrics")))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return metrics.statusCode() == 200 && metrics.body().contains("run=\"" + id + "\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    JsonNode state(Replica replica, String id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(replica.url("/runs/" + id)))
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
}
