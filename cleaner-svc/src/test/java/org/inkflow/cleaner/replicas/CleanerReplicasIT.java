package org.inkflow.cleaner.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.inkflow.cleaner.RawImages;
import org.inkflow.cleaner.TestImages;
import org.inkflow.common.artifacts.DatasetStatus;
import org.inkflow.common.artifacts.RejectionRecord;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.SampleHashClaimed;
import org.inkflow.common.events.Topics;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.messaging.TopicInitializer;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.PackagedReplicas;
import org.inkflow.localstack.PackagedReplicas.Replica;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Two packaged cleaner processes ({@code target/quarkus-app}, so this runs after {@code package}: see the pom) on the
 * real broker and S3, every topic with 3 partitions (ADR 0034), in order:
 * <ol>
 *   <li>near-duplicate pairs sent at once with their members on different partitions, so that most pairs straddle
 *   the two replicas: exactly one member of every pair is accepted, the other rejected as its near-duplicate;</li>
 *   <li>the automatic dataset, on with a threshold of exactly the samples accepted in 1., though each replica accepted
 *   only part of them: both count every replica's samples (ADR 0039) and one version is built, once;</li>
 *   <li>the same dataset requested on both replicas at once: one version, built once (one replica's build counter),
 *   both replicas answering it and reading it PUBLISHED;</li>
 *   <li>the replica building a dataset frozen mid-build and killed with SIGKILL: the other replica resumes the same
 *   version and publishes it.</li>
 * </ol>
 * The hash log holds 20,000 earlier claims when the replicas start; prints the time each took to catch up on it and
 * the build takeover time.
 */
@Timeout(240)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CleanerReplicasIT {

    static final int PARTITIONS = 3;
    static final int PAIRS = 12;
    static final int SINGLES = 16;
    static final int HISTORY = 20_000;
    static final String BUCKET = "inkflow-cleaner-replicas-it";
    static final String RAW_GROUP = "inkflow-cleaner";
    static final String BUILD_GROUP = "inkflow-cleaner-builds";
    static final String AUTO = "auto-replicas";
    static final Pattern CAUGHT_UP = Pattern.compile("samples hashes: caught up with (\\d+) records \\((\\d+) winning claims\\) (\\d+) ms after start \\(read in (\\d+) ms");

    TestStack stack;
    ObjectStore store;
    KafkaCompanion companion;
    PackagedReplicas replicas;
    RawImages raw;

    @BeforeAll
    void start() throws Exception {
        stack = TestStack.start();
        store = ObjectStore.connect(stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), BUCKET, "us-east-1");
        store.ensureBucket();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            TopicInitializer.createMissing(admin, PARTITIONS, Duration.ofSeconds(60));
        }
        companion = new KafkaCompanion(stack.kafkaBootstrapServers());
        raw = new RawImages(store, companion);
        // A log with history, as a replica finds it after a while in production: every replica reads it at start.
        Random random = new Random(34);
        List<ProducerRecord<String, String>> history = new ArrayList<>();
        for (int i = 0; i < HISTORY; i++) {
            byte[] grid = new byte[48];
            random.nextBytes(grid);
            SampleHashClaimed claim = new SampleHashClaimed(SampleHashClaimed.SCHEMA_VERSION, String.format("%064x", i),
                    String.format("%016x", random.nextLong()), HexFormat.of().formatHex(grid), Instant.now());
            history.add(new ProducerRecord<>(Topics.SAMPLES_HASHES, SampleHashClaimed.PARTITION, claim.key(), EventJson.write(claim)));
        }
        companion.produceStrings().fromRecords(history).awaitCompletion(Duration.ofSeconds(60));
        replicas = new PackagedReplicas(stack, Path.of("target/quarkus-app/quarkus-run.jar"), BUCKET, PARTITIONS);
        for (String name : List.of("cleaner-a", "cleaner-b")) {
            // The automatic dataset due at exactly the samples test 1 accepts, quiet for 3 s after the last of them.
            replicas.start(name, Map.of("INKFLOW_CLEANER_AUTO_DATASET_ENABLED", "true",
                    "INKFLOW_CLEANER_AUTO_DATASET_NAME", AUTO,
                    "INKFLOW_CLEANER_AUTO_DATASET_MIN_NEW_SAMPLES", String.valueOf(PAIRS + SINGLES),
                    "INKFLOW_CLEANER_AUTO_DATASET_QUIET_PERIOD", "PT3S",
                    "INKFLOW_CLEANER_AUTO_DATASET_MAX_DELAY", "PT0S"), "384m");
        }
        for (Replica replica : replicas.all()) {
            replicas.awaitReady(replica, Duration.ofMinutes(2));
        }
        replicas.awaitShared(RAW_GROUP, Topics.IMAGES_RAW, 2, Duration.ofSeconds(60));
        replicas.awaitShared(BUILD_GROUP, Topics.DATASETS_BUILDS, 2, Duration.ofSeconds(60));
        for (Replica replica : replicas.all()) {
            Matcher m = CAUGHT_UP.matcher(log(replica));
            assertThat(m.find()).as(replica.name() + " logs its catch-up").isTrue();
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(HISTORY);
            System.out.printf("CleanerReplicasIT: %s caught up on the hash log (%s records, %s winning claims) %s ms"
                    + " after start, read in %s ms from its first record%n", replica.name(), m.group(1), m.group(2),
                    m.group(3), m.group(4));
        }
    }

    @AfterAll
    void stop() {
        if (replicas != null) {
            replicas.close();
        }
        if (companion != null) {
            companion.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void exactlyOneMemberOfEveryNearDuplicatePairIsAcceptedWhicheverReplicaSawIt() throws Exception {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>();
        List<int[]> partitions = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            // Every ordered pair of distinct partitions, twice: with the 3 partitions split 2-1 between the replicas,
            // 8 of the 12 pairs have one member on each replica.
            int p = i % PARTITIONS;
            int q = (p + 1 + (i / PARTITIONS) % 2) % PARTITIONS;
            BufferedImage image = TestImages.drawing(128, 96, colour(i), i);
            RawImageStored original = raw.store(TestImages.png(image), null, null, "s", "pair" + i);
            RawImageStored copy = raw.store(TestImages.jpeg(ImageArrays.resize(image, 120, 90)), null, null, "s", "pair" + i);
            records.add(new ProducerRecord<>(Topics.IMAGES_RAW, p, original.key(), EventJson.write(original)));
            records.add(new ProducerRecord<>(Topics.IMAGES_RAW, q, copy.key(), EventJson.write(copy)));
            pairs.add(new String[] {original.sha256(), copy.sha256()});
            partitions.add(new int[] {p, q});
        }
        List<String> singles = new ArrayList<>();
        for (int i = PAIRS; i < PAIRS + SINGLES; i++) {
            RawImageStored single = raw.store(TestImages.png(TestImages.drawing(128, 96, colour(i), i)), null, null, "s", "single");
            records.add(new ProducerRecord<>(Topics.IMAGES_RAW, i % PARTITIONS, single.key(), EventJson.write(single)));
            singles.add(single.sha256());
        }
        Map<Integer, String> owners = owners(RAW_GROUP, Topics.IMAGES_RAW);
        long sentAt = System.nanoTime();
        companion.produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(20));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                pairs.stream().flatMap(p -> java.util.Arrays.stream(p)).allMatch(this::decided)
                        && singles.stream().allMatch(this::decided));
        long decidedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
        int straddling = 0;
        for (int i = 0; i < PAIRS; i++) {
            String[] pair = pairs.get(i);
            boolean first = store.exists("samples/" + pair[0] + "/meta.json");
            boolean second = store.exists("samples/" + pair[1] + "/meta.json");
            assertThat(first ^ second).as("pair %d: exactly one member accepted (%s, %s)", i, first, second).isTrue();
            String loser = first ? pair[1] : pair[0];
            RejectionRecord rejection = RejectionRecord.read(store.get("samples/" + loser + "/rejected.json"));
            assertThat(rejection.rule()).isEqualTo("near-duplicate");
            assertThat(rejection.reason()).contains(first ? pair[0] : pair[1]);
            if (!owners.get(partitions.get(i)[0]).equals(owners.get(partitions.get(i)[1]))) {
                straddling++;
            }
        }
        assertThat(straddling).as("pairs whose members went to different replicas").isGreaterThanOrEqualTo(PAIRS / 2);
        for (String single : singles) {
            assertThat(store.exists("samples/" + single + "/meta.json")).as("single " + single).isTrue();
        }
        for (Replica replica : replicas.all()) {
            assertThat(metric(replica, "inkflow_cleaner_received_images_total")).as(replica.name() + " cleaned some").isPositive();
        }
        System.out.printf("CleanerReplicasIT: %d near-duplicate pairs (%d straddling the replicas): one member of each"
                + " accepted; all %d images decided %d ms after they were sent%n", PAIRS, straddling, records.size(),
                decidedMillis);
    }

    @Test
    @Order(2)
    void theAutomaticDatasetCountsEveryReplicasSamplesAndBuildsOneVersion() throws Exception {
        int accepted = PAIRS + SINGLES;
        List<DatasetStatus> built = Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> versions(AUTO), v -> !v.isEmpty() && v.stream().allMatch(s -> s.state() != DatasetStatus.State.BUILDING));
        // No second version for the same samples, however long the policies keep checking.
        Awaitility.await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> versions(AUTO).size() == 1);
        DatasetStatus version = built.get(0);
        assertThat(version.state()).as(String.valueOf(version.error())).isEqualTo(DatasetStatus.State.PUBLISHED);
        assertThat(version.counts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(accepted);
        double builds = 0;
        List<String> perReplica = new ArrayList<>();
        for (Replica replica : replicas.all()) {
            double own = metric(replica, "inkflow_cleaner_accepted_samples_total");
            assertThat(own).as(replica.name() + " accepted only part of the samples itself").isLessThan(accepted);
            perReplica.add(replica.name() + " accepted " + (int) own);
            builds += metric(replica, "inkflow_cleaner_dataset_versions_total{dataset=\"" + AUTO + "\"}");
            JsonNode view = Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                    .until(() -> json(replicas.get(replica, "/auto-dataset")),
                            v -> version.version().equals(v.path("latestVersion").asText()) && v.path("newSamples").asInt() == 0);
            assertThat(view.path("acceptedSamples").asInt()).as(replica.name() + " counts every replica's samples").isEqualTo(accepted);
            assertThat(view.path("state").asText()).isEqualTo("IDLE");
        }
        assertThat(builds).as("built once").isEqualTo(1.0);
        List<String> requests = new ArrayList<>();
        ConsumerTask<String, String> records = companion.consumeStrings().fromTopics(Topics.DATASETS_BUILDS);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> records.getRecords().stream().anyMatch(r -> AUTO.equals(r.key())));
            for (var record : records.getRecords()) {
                if (AUTO.equals(record.key())) {
                    JsonNode after = EventJson.MAPPER.readTree(record.value()).path("after");
                    requests.add(after.isTextual() ? after.asText() : "(none)");
                }
            }
        } finally {
            records.stop();
        }
        assertThat(requests).as("every build record of the automatic dataset follows no version").isNotEmpty().allMatch(""::equals);
        System.out.printf("CleanerReplicasIT: automatic dataset at %d samples (%s): one version %s, %d build record(s)"
                + " from the replicas' policies, built once%n", accepted, String.join(", ", perReplica), version.version(),
                requests.size());
    }

    @Test
    @Order(3)
    void theSameDatasetRequestedOnBothReplicasAtOnceIsBuiltOnce() throws Exception {
        ConsumerTask<String, String> published = companion.consumeStrings().fromTopics(Topics.DATASETS);
        try {
            String body = "{\"name\":\"both\"}";
            List<CompletableFuture<HttpResponse<String>>> answers = replicas.all().stream()
                    .map(r -> CompletableFuture.supplyAsync(() -> replicas.post(r, "/datasets", body))).toList();
            List<JsonNode> bodies = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                bodies.add(EventJson.MAPPER.readTree(response.body()));
            }
            String version = bodies.get(0).path("version").asText();
            assertThat(version).as(bodies.toString()).isNotEmpty();
            assertThat(bodies.get(1).path("version").asText()).as("both replicas answer the one version").isEqualTo(version);

            for (Replica replica : replicas.all()) {
                JsonNode status = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> json(replicas.get(replica, "/datasets/both/versions/" + version)),
                                s -> "PUBLISHED".equals(s.path("state").asText()));
                assertThat(status.path("fingerprint").asText()).isEqualTo(bodies.get(0).path("fingerprint").asText());
                assertThat(status.path("counts").path("train").asInt()).isPositive();
            }
            assertThat(versions("both")).as("one version in S3").hasSize(1);
            // Built once: exactly one replica counted a published version, and one DatasetPublished went out.
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> published.getRecords().stream()
                    .anyMatch(r -> "both".equals(r.key())));
            double builds = 0;
            for (Replica replica : replicas.all()) {
                builds += metric(replica, "inkflow_cleaner_dataset_versions_total{dataset=\"both\"}");
            }
            assertThat(builds).isEqualTo(1.0);
            assertThat(published.getRecords().stream().filter(r -> "both".equals(r.key())).count()).isEqualTo(1);
        } finally {
            published.stop();
        }
    }

    @Test
    @Order(4)
    void theSurvivorCompletesTheBuildOfAKilledReplica() throws Exception {
        // A build that renders every sample again (another size and line art), so it takes a moment; its owner is
        // frozen (SIGSTOP) while its version reads BUILDING, then killed (SIGKILL). A build that finished before
        // the freeze is tried again under another name.
        for (int attempt = 1; attempt <= 6; attempt++) {
            String name = "takeover-" + attempt;
            String body = "{\"name\":\"" + name + "\",\"imageSize\":128,\"lineArt\":\"xdog\"}";
            Replica asked = replicas.all().get(attempt % 2);
            CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(
                    () -> replicas.post(asked, "/datasets", body));
            Replica owner = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> replicas.all().stream().filter(r -> log(r).contains("dataset " + name + ": building version"))
                            .findFirst().orElse(null), r -> r != null);
            owner.process().pause();
            List<DatasetStatus> atFreeze = versions(name);
            if (atFreeze.size() != 1 || atFreeze.get(0).state() != DatasetStatus.State.BUILDING) {
                owner.process().resume();
                answer.get(60, TimeUnit.SECONDS);
                continue; // it finished before the freeze: try again
            }
            String version = atFreeze.get(0).version();
            Replica survivor = replicas.all().stream().filter(r -> r != owner).findFirst().orElseThrow();
            long killedAt = System.nanoTime();
            owner.process().kill();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !owner.process().isAlive());
            DatasetStatus done = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> versions(name), v -> v.stream().anyMatch(s -> s.state() != DatasetStatus.State.BUILDING))
                    .stream().filter(s -> s.state() != DatasetStatus.State.BUILDING).findFirst().orElseThrow();
            long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(DatasetStatus.State.PUBLISHED);
            assertThat(done.version()).as("the same version, resumed").isEqualTo(version);
            assertThat(versions(name)).hasSize(1);
            assertThat(log(survivor)).contains("dataset " + name + ": resuming version " + version + " (start 2)");
            assertThat(done.attempts()).as("the killed owner's start and the survivor's").isEqualTo(2);
            JsonNode status = json(replicas.get(survivor, "/datasets/" + name + "/versions/" + version));
            assertThat(status.path("state").asText()).isEqualTo("PUBLISHED");
            assertThat(store.exists("datasets/" + name + "/" + version + "/manifest.json")).isTrue();
            System.out.printf("CleanerReplicasIT: %s killed (SIGKILL) while building %s %s (attempt %d); %s published"
                    + " it %d ms after the kill (session.timeout.ms 10000)%n", owner.name(), name, version, attempt,
                    survivor.name(), takeoverMillis);
            return;
        }
        throw new AssertionError("every build finished before its owner could be frozen mid-build");
    }

    static Color colour(int i) {
        return Color.getHSBColor(i / (float) (PAIRS + SINGLES), 0.85f, 0.95f);
    }

    boolean decided(String sha) {
        return store.exists("samples/" + sha + "/meta.json") || store.exists("samples/" + sha + "/rejected.json");
    }

    List<DatasetStatus> versions(String name) {
        return store.list("datasets/" + name + "/").stream().filter(o -> o.key().endsWith("/status.json"))
                .map(o -> DatasetStatus.read(store.get(o.key()))).toList();
    }

    /** Partition -> the consumer id of the member of {@code group} that owns it now. */
    Map<Integer, String> owners(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(10, TimeUnit.SECONDS).get(group);
            Map<Integer, String> owners = new HashMap<>();
            description.members().forEach(m -> m.assignment().topicPartitions().stream()
                    .filter(tp -> tp.topic().equals(topic)).forEach(tp -> owners.put(tp.partition(), m.consumerId())));
            assertThat(owners.keySet()).isEqualTo(Set.of(0, 1, 2));
            assertThat(Set.copyOf(owners.values())).hasSize(2);
            return owners;
        }
    }

    double metric(Replica replica, String series) {
        String body = replicas.get(replica, "/q/metrics").body();
        // A series with its labels, or every labelled series of a name without them.
        return body.lines().filter(l -> l.startsWith(series + " ") || !series.contains("{") && l.startsWith(series + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return EventJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String log(Replica replica) {
        try {
            return Files.readString(replica.process().log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
