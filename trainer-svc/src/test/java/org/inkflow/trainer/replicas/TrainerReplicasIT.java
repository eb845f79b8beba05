package org.inkflow.trainer.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelCandidate;
import org.inkflow.common.events.Topics;
import org.inkflow.common.events.TrainingProgress;
import org.inkflow.common.messaging.TopicInitializer;
import org.inkflow.common.storage.ObjectInfo;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.PackagedReplicas;
import org.inkflow.localstack.PackagedReplicas.Replica;
import org.inkflow.localstack.TestStack;
import org.inkflow.trainer.runs.ShapesDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two packaged trainer processes ({@code target/quarkus-app}, so this runs after {@code package}: see the pom) on the
 * real broker and S3, the training-requests and trials topics with 3 partitions each.
 * <ul>
 *   <li>A run is submitted to one replica; the replica owning its partition trains it and is killed with SIGKILL
 *   after its first checkpoint; the other replica is assigned the partition, resumes the run from its latest
 *   checkpoint (not from step 0) and completes it, once: one COMPLETED progress event, one model candidate. Prints
 *   the time to take over.</li>
 *   <li>A search's trials are records keyed by trial id: they are trained by whichever replica owns their
 *   partition, so a search spreads over both processes (the test picks a run id whose trials fall on all three
 *   partitions, so each replica owns at least one, whatever the assignment), each trial trained once.</li>
 * </ul>
 */
@Timeout(600)
class TrainerReplicasIT {

    static final int PARTITIONS = 3;
    static final String BUCKET = "inkflow-trainer-replicas-it";
    static final String GROUP = "inkflow-trainer";
    static final int STEPS = 600;
    static final int TRIALS = 4;

    TestStack stack;
    ObjectStore store;
    PackagedReplicas replicas;

    @BeforeEach
    void start() throws Exception {
        stack = TestStack.start();
        store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), BUCKET, "us-east-1");
        store.ensureBucket();
        ShapesDataset.put(store, "replicas", "1", 12, 4, 32, 8);
        // The topics exist with their partitions before any consumer subscribes.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            TopicInitializer.createMissing(admin, PARTITIONS, Duration.ofSeconds(60));
        }
        replicas = new PackagedReplicas(stack, Path.of("target/quarkus-app/quarkus-run.jar"), BUCKET, PARTITIONS);
        for (String name : List.of("trainer-a", "trainer-b")) {
            replicas.start(name, Map.of(
                    "INKFLOW_TRAINER_AUTO_TRAIN_ENABLED", "false",
                    "INKFLOW_TRAINER_TENSORFLOW_THREADS", "1",
                    "INKFLOW_TRAINER_WORK_DIR", replicas.folder(name + "-work").toString()), "512m");
        }
        for (Replica replica : replicas.all()) {
            replicas.awaitReady(replica, Duration.ofMinutes(4));
        }
        // Both in the group, the 3 partitions of each work topic shared out, before anything is submitted.
        replicas.awaitShared(GROUP, Topics.TRAINING_REQUESTS, 2, Duration.ofSeconds(90));
        replicas.awaitShared(GROUP, Topics.TRAINING_TRIALS, 2, Duration.ofSeconds(90));
    }

    @AfterEach
    void stop() {
        if (replicas != null) {
            replicas.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theSurvivorResumesAKilledOwnersRunFromItsCheckpointAndCompletesItOnce() throws Exception {
        KafkaCompanion companion = new KafkaCompanion(stack.kafkaBootstrapServers());
        ConsumerTask<String, String> progress = companion.consumeStrings().fromTopics(Topics.TRAINING_PROGRESS);
        ConsumerTask<String, String> candidates = companion.consumeStrings().fromTopics(Topics.MODELS_CANDIDATES);
        try {
            // Early stopping off, so the run always reaches its last step; a checkpoint every 50 steps.
            HttpResponse<String> accepted = replicas.post(replicas.all().get(0), "/runs", "{\"datasetName\":\"replicas\","
                    + "\"datasetVersion\":\"1\",\"hyperparameters\":{\"width\":4,\"batchSize\":4,\"steps\":" + STEPS
                    + ",\"validateEvery\":50,\"checkpointEvery\":50,\"logEvery\":10,\"learningRate\":0.005,"
                    + "\"earlyStoppingPatience\":0,\"keepCheckpoints\":2}}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = EventJson.MAPPER.readTree(accepted.body()).path("id").asText();
            for (Replica replica : replicas.all()) {
                assertThat(state(replica, id).path("state").asText()).as("any replica answers").isIn("QUEUED", "RUNNING");
            }

            Replica owner = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> replicas.all().stream().filter(r -> trains(r, id)).findFirst().orElse(null), r -> r != null);
            Replica survivor = replicas.all().stream().filter(r -> r != owner).findFirst().orElseThrow();
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

    @Test
    void aSearchsTrialsAreTrainedOnBothReplicasEachOnce() throws Exception {
        KafkaCompanion companion = new KafkaCompanion(stack.kafkaBootstrapServers());
        ConsumerTask<String, String> candidates = companion.consumeStrings().fromTopics(Topics.MODELS_CANDIDATES);
        try {
            String id = spreadRunId();
            long started = System.nanoTime();
            HttpResponse<String> accepted = replicas.post(replicas.all().get(0), "/runs", "{\"runId\":\"" + id + "\","
                    + "\"datasetName\":\"replicas\",\"datasetVersion\":\"1\",\"hyperparameters\":{\"width\":4,"
                    + "\"batchSize\":4,\"steps\":30,\"validateEvery\":10,\"checkpointEvery\":10,\"logEvery\":10,"
                    + "\"keepCheckpoints\":1},\"search\":{\"strategy\":\"random\",\"trials\":" + TRIALS + ",\"seed\":5,"
                    + "\"space\":{\"learningRate\":{\"min\":0.001,\"max\":0.01,\"log\":true}}}}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            JsonNode done = Awaitility.await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500))
                    .until(() -> state(replicas.all().get(1), id), s -> Set.of("COMPLETED", "FAILED", "STOPPED")
                            .contains(s.path("state").asText()));
            long searchMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.path("trials")).hasSize(TRIALS);
            done.path("trials").forEach(t -> assertThat(t.path("state").asText()).as(t.toString()).isEqualTo("COMPLETED"));

            Map<String, List<String>> trainedBy = new HashMap<>();
            for (String trial : trialIds(id)) {
                List<String> where = replicas.all().stream().filter(r -> trains(r, trial)).map(Replica::name).toList();
                assertThat(where).as("trial %s trained by exactly one replica", trial).hasSize(1);
                trainedBy.computeIfAbsent(where.get(0), k -> new java.util.ArrayList<>()).add(trial);
            }
            assertThat(trainedBy.keySet()).as("the trials spread over both processes: " + trainedBy)
                    .containsExactlyInAnyOrder("trainer-a", "trainer-b");
            assertThat(trialIds(id)).contains(done.path("bestTrial").asText());

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> candidates.getRecords().stream()
                    .anyMatch(r -> id.equals(EventJson.read(r.value(), ModelCandidate.class).runId())));
            assertThat(candidates.getRecords().stream().map(r -> EventJson.read(r.value(), ModelCandidate.class))
                    .filter(c -> id.equals(c.runId()))).as("one model candidate for the search").hasSize(1);
            System.out.printf("TrainerReplicasIT: a %d-trial search ran its trials as %s and completed in %d ms%n",
                    TRIALS, trainedBy, searchMillis);
        } finally {
            candidates.stop();
            companion.close();
        }
    }

    static List<String> trialIds(String runId) {
        return IntStream.rangeClosed(1, TRIALS).mapToObj(t -> runId + "-t" + t).toList();
    }

    /**
     * A run id whose trials' keys fall on every partition (the producer's default partitioner: murmur2 of the key),
     * so each of the two replicas owns at least one of them however the group shared the partitions out.
     */
    static String spreadRunId() {
        for (int k = 0; ; k++) {
            String id = "spread-" + k;
            Set<Integer> partitions = trialIds(id).stream()
                    .map(t -> Utils.toPositive(Utils.murmur2(t.getBytes(StandardCharsets.UTF_8))) % PARTITIONS)
                    .collect(Collectors.toSet());
            if (partitions.size() == PARTITIONS) {
                return id;
            }
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
        return replicas.mentions(replica, "run=\"" + id + "\"");
    }

    JsonNode state(Replica replica, String id) throws Exception {
        HttpResponse<String> response = replicas.get(replica, "/runs/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventJson.MAPPER.readTree(response.body());
    }
}
