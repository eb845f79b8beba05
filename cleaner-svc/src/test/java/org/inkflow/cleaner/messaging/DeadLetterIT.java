package org.inkflow.cleaner.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.inkflow.cleaner.RawImages;
import org.inkflow.cleaner.TestImages;
import org.inkflow.common.artifacts.DatasetStatus;
import org.inkflow.common.events.DatasetBuildRequested;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.SampleCleaned;
import org.inkflow.common.events.SampleHashClaimed;
import org.inkflow.common.events.Topics;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Poison records go through the real broker to the dead-letter topic with their reason, and the records after them
 * are still processed: an event missing its sha256, text that is not JSON, and an event whose raw object is missing;
 * and the same for the hash log and the build topic.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class DeadLetterIT {

    TestStack stack;

    @Inject
    MeterRegistry registry;

    @Inject
    ObjectStore store;

    KafkaCompanion companion;

    @BeforeEach
    void connect() {
        companion = new KafkaCompanion(stack.kafkaBootstrapServers());
    }

    @AfterEach
    void disconnect() {
        companion.close();
    }

    @Test
    void poisonRecordsLandInDlqWithTheirReasonAndTheNextGoodRecordsAreStillProcessed() {
        RawImages raw = new RawImages(store, companion);
        RawImageStored good1 = raw.store(TestImages.png(TestImages.drawing(96, 80, Color.ORANGE, 11)), null, null, null, "dlq");
        RawImageStored good2 = raw.store(TestImages.png(TestImages.drawing(96, 80, Color.CYAN, 12)), null, null, null, "dlq");
        RawImageStored missing = RawImages.event("f".repeat(64), "raw/test/dlq/missing.png", null, null, null, "dlq");
        String noSha = "{\"schemaVersion\":1,\"source\":\"safebooru\",\"objectKey\":\"raw/x.png\"}";
        double before = received();
        ConsumerTask<String, String> cleaned = companion.consumeStrings().fromTopics(Topics.SAMPLES_CLEANED);
        try {
            raw.send(good1);
            raw.sendRaw("poison", noSha);
            raw.sendRaw("not-json", "this is not JSON {");
            raw.send(missing, good2);

            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> cleaned.getRecords().size() >= 2);
            assertThat(cleaned.getRecords().stream().map(r -> EventJson.read(r.value(), SampleCleaned.class).sha256()))
                    .containsExactlyInAnyOrder(good1.sha256(), good2.sha256());
        } finally {
            cleaned.stop();
        }

        ConsumerTask<String, String> dlq = companion.consumeStrings().fromTopics(Topics.dlq(Topics.IMAGES_RAW), 3)
                .awaitCompletion(Duration.ofSeconds(30));
        Map<String, ConsumerRecord<String, String>> dead = dlq.getRecords().stream()
                .collect(Collectors.toMap(ConsumerRecord::key, r -> r));
        assertThat(dead).containsOnlyKeys("poison", "not-json", missing.sha256());
        assertThat(dead.get("poison").value()).isEqualTo(noSha);
        assertThat(reason(dead.get("poison"))).contains("missing required field 'sha256'");
        assertThat(reason(dead.get("not-json"))).contains("not a valid RawImageStored");
        assertThat(reason(dead.get(missing.sha256()))).contains("no object at").contains("raw/test/dlq/missing.png");
        // Poison is dead-lettered on its first attempt; the header comes from common's DeadLetterWithAttempts.
        assertThat(dead.values()).allSatisfy(r -> assertThat(header(r, "dead-letter-attempts")).isEqualTo("1"));
        assertThat(header(dead.get("poison"), "dead-letter-topic")).isEqualTo(Topics.IMAGES_RAW);
        // Received counts events that were understood: the two good ones and the one whose object is missing.
        assertThat(received() - before).isEqualTo(3.0);
        assertThat(store.exists("samples/" + good2.sha256() + "/meta.json")).isTrue();
        assertThat(List.of(good1, good2)).allMatch(e -> store.exists("samples/" + e.sha256() + "/input.png"));
    }

    /**
     * The two topics replicas share (ADR 0034): an unreadable claim on the hash log is dead-lettered and read past, so
     * the next image's claim is still decided; a build record asking for an unknown line art is dead-lettered and the
     * next request is built.
     */
    @Test
    void poisonOnTheHashLogAndTheBuildTopicIsDeadLetteredAndTheNextWorkGoesOn() {
        String badHash = "{\"schemaVersion\":1,\"sha256\":\"" + "e".repeat(64) + "\",\"perceptualHash\":\"XYZ\","
                + "\"colorGrid\":\"00\"}";
        companion.produceStrings().fromRecords(List.of(
                new ProducerRecord<>(Topics.SAMPLES_HASHES, SampleHashClaimed.PARTITION, "not-json", "this is not JSON {"),
                new ProducerRecord<>(Topics.SAMPLES_HASHES, SampleHashClaimed.PARTITION, "bad-hash", badHash)))
                .awaitCompletion(Duration.ofSeconds(20));
        RawImages raw = new RawImages(store, companion);
        RawImageStored good = raw.store(TestImages.png(TestImages.drawing(96, 80, Color.MAGENTA, 13)), null, null, null, "dlq-hashes");
        raw.send(good);
        Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> store.exists("samples/" + good.sha256() + "/meta.json"));
        Map<String, ConsumerRecord<String, String>> deadClaims = companion.consumeStrings()
                .fromTopics(Topics.dlq(Topics.SAMPLES_HASHES), 2).awaitCompletion(Duration.ofSeconds(30)).getRecords()
                .stream().collect(Collectors.toMap(ConsumerRecord::key, r -> r));
        assertThat(deadClaims).containsOnlyKeys("not-json", "bad-hash");
        assertThat(reason(deadClaims.get("not-json"))).contains("not a valid SampleHashClaimed");
        assertThat(reason(deadClaims.get("bad-hash"))).contains("perceptualHash 'XYZ'");

        DatasetBuildRequested watercolor = new DatasetBuildRequested(DatasetBuildRequested.SCHEMA_VERSION, "poisoned", 64,
                "pad", "watercolor", false, null, null, List.of(), List.of(), 0.7, 0.2, 0.1, 1L, null, Instant.now(), null);
        companion.produceStrings().fromRecords(List.of(new ProducerRecord<>(Topics.DATASETS_BUILDS, watercolor.key(),
                EventJson.write(watercolor)))).awaitCompletion(Duration.ofSeconds(20));
        ConsumerRecord<String, String> deadBuild = deadLetter(Topics.DATASETS_BUILDS, "poisoned");
        assertThat(reason(deadBuild)).contains("watercolor");
        String version = given().contentType(ContentType.JSON)
                .body("{\"name\":\"after-poison\"}").post("/datasets").then().statusCode(202).extract().path("version");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "PUBLISHED".equals(given()
                .get("/datasets/after-poison/versions/" + version).then().extract().path("state")));
    }

    /**
     * A build whose owners kept dying (issue 18's attempt cap, ADR 0039): what each dead owner left behind is the
     * version BUILDING with its starts counted in status.json and the record uncommitted. A version below the cap is
     * resumed, its start counted; one at the cap is marked FAILED with the reason, shown by GET, and its record is
     * dead-lettered with it.
     */
    @Test
    @Order(Integer.MAX_VALUE) // last: the other tests count every sample and every cleaned record
    void aBuildWhoseOwnerKeptDyingIsResumedUntilTheAttemptCapThenFailsAndIsDeadLettered() {
        RawImages raw = new RawImages(store, companion);
        RawImageStored[] images = {
                raw.store(TestImages.png(TestImages.drawing(96, 80, new Color(200, 40, 90), 21)), null, null, null, "dying"),
                raw.store(TestImages.png(TestImages.drawing(96, 80, new Color(30, 160, 220), 22)), null, null, null, "dying"),
                raw.store(TestImages.png(TestImages.drawing(96, 80, new Color(90, 200, 30), 23)), null, null, null, "dying")};
        raw.send(images);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> java.util.Arrays.stream(images)
                .allMatch(e -> store.exists("samples/" + e.sha256() + "/meta.json")));

        for (String name : List.of("dying-once", "dying-always")) {
            String version = given().contentType(ContentType.JSON)
                    .body("{\"name\":\"" + name + "\",\"includeTags\":[\"dying\"],\"splits\":{\"train\":1,\"validation\":0,\"test\":0}}")
                    .post("/datasets").then().statusCode(202).extract().path("version");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "PUBLISHED".equals(given()
                    .get("/datasets/" + name + "/versions/" + version).then().extract().path("state")));
            String key = "datasets/" + name + "/" + version + "/status.json";
            DatasetStatus published = DatasetStatus.read(store.get(key));
            assertThat(published.attempts()).as("one start, which finished").isEqualTo(1);
            // What an owner that died mid-build leaves behind, after one death or after three.
            int starts = name.equals("dying-once") ? 1 : 3;
            store.putStatus(key, published.with(DatasetStatus.State.BUILDING, null, Instant.now())
                    .withAttempts(starts, Instant.now()).toJson(), "application/json");
            DatasetStatus.Request r = published.request();
            DatasetBuildRequested again = new DatasetBuildRequested(DatasetBuildRequested.SCHEMA_VERSION, name, r.imageSize(),
                    r.normalize(), r.lineArt(), r.requirePaired(), r.maxPerTag(), r.minPerTag(), r.includeTags(),
                    r.excludeTags(), r.train(), r.validation(), r.test(), r.seed(), null, Instant.now(), null);
            companion.produceStrings().fromRecords(List.of(new ProducerRecord<>(Topics.DATASETS_BUILDS, name,
                    EventJson.write(again)))).awaitCompletion(Duration.ofSeconds(20));
            var ended = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given()
                    .get("/datasets/" + name + "/versions/" + version).then().statusCode(200).extract().jsonPath(),
                    s -> !"BUILDING".equals(s.getString("state")));
            if (starts == 1) {
                assertThat(ended.getString("state")).as(ended.prettify()).isEqualTo("PUBLISHED");
                assertThat(ended.getInt("attempts")).as("the resumed start is counted").isEqualTo(2);
            } else {
                assertThat(ended.getString("state")).isEqualTo("FAILED");
                assertThat(ended.getInt("attempts")).isEqualTo(3);
                assertThat(ended.getString("error")).isEqualTo("version " + version + " is not resumed: its build started"
                        + " 3 times without finishing; the process died each time (inkflow.cleaner.datasets.max-attempts=3);"
                        + " POST the request again");
                ConsumerRecord<String, String> dead = deadLetter(Topics.DATASETS_BUILDS, name);
                assertThat(reason(dead)).contains("started 3 times without finishing");
                assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topics.DATASETS_BUILDS);
            }
        }
    }

    private ConsumerRecord<String, String> deadLetter(String topic, String key) {
        ConsumerTask<String, String> dlq = companion.consumeStrings().fromTopics(Topics.dlq(topic));
        try {
            return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dlq.getRecords().stream()
                    .filter(r -> key.equals(r.key())).findFirst().orElse(null), java.util.Objects::nonNull);
        } finally {
            dlq.stop();
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String reason(ConsumerRecord<String, String> record) {
        return new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
    }

    private double received() {
        var counter = registry.find("inkflow.cleaner.received.images").counter();
        return counter == null ? 0 : counter.count();
    }
}
