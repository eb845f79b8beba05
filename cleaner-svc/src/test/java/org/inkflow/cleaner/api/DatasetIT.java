package org.inkflow.cleaner.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.inkflow.cleaner.RawImages;
import org.inkflow.cleaner.TestImages;
import org.inkflow.common.events.DatasetPublished;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.Topics;
import org.inkflow.common.image.ImageArrays;
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
 * Dataset snapshots against the real broker and S3: manifest, statistics (recomputed here from the stored PNGs),
 * preview and event; the same request again names the same version; new samples make a new version and leave the
 * old one untouched; other sizes and line art are rendered; bad requests get 4xx JSON.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class DatasetIT {

    private static final String PROBLEM = "application/problem+json";

    TestStack stack;

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
    void snapshotsAreBuiltRightAndImmutable() throws Exception {
        RawImages raw = new RawImages(store, companion);
        List<RawImageStored> events = new ArrayList<>();
        for (String hex : List.of("1F994", "1F473-200D-2642-FE0F", "1FA96", "1F932-1F3FC", "1F9D1-200D-1F9B0",
                "1F64B-1F3FE-200D-2640-FE0F", "1F68F", "1F9BB", "1F446-1F3FE", "1F44B-1F3FB", "1F44B-1F3FC", "1F600")) {
            String group = hex.split("-")[0];
            events.add(raw.store(TestImages.openmoji("color", hex), TestImages.openmoji("black", hex), group, null,
                    hex.startsWith("1F44B") ? "hands" : "emoji", "openmoji"));
        }
        for (int i = 0; i < 6; i++) {
            events.add(raw.store(TestImages.png(TestImages.drawing(96, 96, new Color(40 * i, 200 - 30 * i, 90), 40 + i)),
                    null, null, null, "shapes"));
        }
        raw.send(events.toArray(RawImageStored[]::new));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/samples/stats").path("accepted").equals(18));

        ConsumerTask<String, String> published = companion.consumeStrings().fromTopics(Topics.DATASETS);
        try {
            String version = given().contentType(ContentType.JSON)
                    .body("{\"name\":\"openmoji\",\"imageSize\":64,\"lineArt\":\"paired\",\"maxPerTag\":8,\"seed\":7}")
                    .post("/datasets").then().statusCode(202)
                    .body("name", equalTo("openmoji")).body("state", equalTo("BUILDING"))
                    .extract().path("version");
            awaitPublished("openmoji", version);
            String manifestKey = "datasets/openmoji/" + version + "/manifest.json";
            byte[] manifestBytes = store.get(manifestKey);
            JsonNode manifest = EventJson.MAPPER.readTree(manifestBytes);
            assertThat(manifest.path("name").asText()).isEqualTo("openmoji");
            assertThat(manifest.path("version").asText()).isEqualTo(version);
            assertThat(manifest.path("imageSize").asInt()).isEqualTo(64);
            assertThat(manifest.path("createdAt").asText()).isNotEmpty();
            // Balanced: emoji had 10, capped at 8; hands 2; shapes 6.
            assertThat(manifest.path("tagCountsBeforeBalancing").path("emoji").asInt()).isEqualTo(10);
            assertThat(manifest.path("tagCounts").path("emoji").asInt()).isEqualTo(8);
            assertThat(manifest.path("tagCounts").path("hands").asInt()).isEqualTo(2);
            assertThat(manifest.path("tagCounts").path("shapes").asInt()).isEqualTo(6);
            assertThat(manifest.path("lineArtSources").path("paired").asInt()).isEqualTo(10);
            assertThat(manifest.path("lineArtSources").path("extracted").asInt()).isEqualTo(6);

            Set<String> groupsSeen = new HashSet<>();
            int total = 0;
            for (String split : List.of("train", "validation", "test")) {
                Set<String> groupsHere = new HashSet<>();
                for (JsonNode entry : manifest.path("splits").path(split)) {
                    total++;
                    assertThat(entry.fieldNames()).toIterable().containsExactly("sha256", "inputKey", "targetKey", "tags", "groupKey");
                    assertThat(store.exists(entry.path("inputKey").asText())).isTrue();
                    assertThat(store.exists(entry.path("targetKey").asText())).isTrue();
                    groupsHere.add(entry.path("groupKey").asText());
                }
                for (String g : groupsHere) {
                    assertThat(groupsSeen.add(g)).as("group %s in two splits", g).isTrue();
                }
            }
            assertThat(total).isEqualTo(16);
            // The two waving hands share a group key: the same split.
            assertThat(manifest.path("splits").path("train").size()).isPositive();

            // Statistics of the training split, recomputed from the stored PNGs.
            double sum = 0;
            double squares = 0;
            long pixels = 0;
            long[] histogram = new long[16];
            double[] targetSum = new double[3];
            for (JsonNode entry : manifest.path("splits").path("train")) {
                float[] input = ImageArrays.toGray(ImageArrays.decode(store.get(entry.path("inputKey").asText())));
                float[] target = ImageArrays.toRgb(ImageArrays.decode(store.get(entry.path("targetKey").asText())));
                for (int i = 0; i < input.length; i++) {
                    sum += input[i];
                    squares += input[i] * (double) input[i];
                    histogram[Math.min(15, (int) (input[i] * 16))]++;
                    for (int c = 0; c < 3; c++) {
                        targetSum[c] += target[i * 3 + c];
                    }
                }
                pixels += input.length;
            }
            double mean = sum / pixels;
            JsonNode stats = manifest.path("stats");
            assertThat(stats.path("input").path("mean").asDouble()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(stats.path("input").path("std").asDouble())
                    .isCloseTo(Math.sqrt(squares / pixels - mean * mean), org.assertj.core.data.Offset.offset(1e-5));
            for (int b = 0; b < 16; b++) {
                assertThat(stats.path("input").path("histogram").get(b).asDouble())
                        .isCloseTo((double) histogram[b] / pixels, org.assertj.core.data.Offset.offset(1e-6));
            }
            for (int c = 0; c < 3; c++) {
                assertThat(stats.path("target").path("mean").get(c).asDouble())
                        .isCloseTo(targetSum[c] / pixels, org.assertj.core.data.Offset.offset(1e-5));
            }
            assertThat(EventJson.MAPPER.readTree(store.get("datasets/openmoji/" + version + "/stats.json"))).isEqualTo(stats);

            BufferedImage preview = ImageArrays.decode(store.get("datasets/openmoji/" + version + "/preview.png"));
            assertThat(preview.getWidth()).isEqualTo(4 + 4 * (2 * 64 + 4));
            assertThat(preview.getHeight()).isEqualTo(4 + 4 * (64 + 4)); // 16 samples, 4 per row
            given().get("/datasets/openmoji/versions/" + version + "/preview.png").then().statusCode(200).contentType("image/png");
            given().get("/datasets/openmoji/versions/" + version + "/manifest.json").then().statusCode(200).body("version", equalTo(version));

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !published.getRecords().isEmpty());
            DatasetPublished event = EventJson.read(published.getRecords().get(0).value(), DatasetPublished.class);
            assertThat(published.getRecords().get(0).key()).isEqualTo("openmoji");
            assertThat(event.version()).isEqualTo(version);
            assertThat(event.manifestKey()).isEqualTo(manifestKey);
            assertThat(event.splitCounts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(16);

            // The same request over the same samples is the same version.
            given().contentType(ContentType.JSON)
                    .body("{\"name\":\"openmoji\",\"imageSize\":64,\"lineArt\":\"paired\",\"maxPerTag\":8,\"seed\":7}")
                    .post("/datasets").then().statusCode(202).body("version", equalTo(version)).body("state", equalTo("PUBLISHED"));

            // A new sample makes a new version; the old one stays byte for byte.
            RawImageStored extra = raw.store(TestImages.png(TestImages.drawing(90, 90, new Color(230, 60, 60), 60)), null, null, null, "shapes");
            raw.send(extra);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/samples/stats").path("accepted").equals(19));
            String second = given().contentType(ContentType.JSON)
                    .body("{\"name\":\"openmoji\",\"imageSize\":64,\"lineArt\":\"paired\",\"maxPerTag\":8,\"seed\":7}")
                    .post("/datasets").then().statusCode(202).extract().path("version");
            assertThat(second).isNotEqualTo(version);
            awaitPublished("openmoji", second);
            assertThat(store.get(manifestKey)).isEqualTo(manifestBytes);
            assertThat(EventJson.MAPPER.readTree(store.get("datasets/openmoji/" + second + "/manifest.json"))
                    .path("tagCounts").path("shapes").asInt()).isEqualTo(7);
            given().get("/datasets/openmoji").then().statusCode(200).body("versions.version", hasItem(second));
            given().get("/datasets").then().statusCode(200).body("name", hasItem("openmoji"));
            given().get("/q/metrics").then().body(containsString("inkflow_cleaner_dataset_versions_total{dataset=\"openmoji\"} 2.0"))
                    .body(containsString("inkflow_cleaner_dataset_samples{dataset=\"openmoji\",split=\"train\"}"));
        } finally {
            published.stop();
        }

        // Another size and line art: rendered from the raw images into variant keys.
        String big = given().contentType(ContentType.JSON)
                .body("{\"name\":\"shapes-xdog\",\"imageSize\":128,\"lineArt\":\"xdog\",\"includeTags\":[\"shapes\"],"
                        + "\"splits\":{\"train\":0.5,\"validation\":0.5,\"test\":0}}")
                .post("/datasets").then().statusCode(202).extract().path("version");
        awaitPublished("shapes-xdog", big);
        JsonNode manifest = EventJson.MAPPER.readTree(store.get("datasets/shapes-xdog/" + big + "/manifest.json"));
        assertThat(manifest.path("splits").path("test").size()).isZero();
        JsonNode first = manifest.path("splits").path("train").get(0);
        assertThat(first.path("inputKey").asText()).endsWith("/128-pad/input-xdog.png");
        assertThat(ImageArrays.decode(store.get(first.path("inputKey").asText())).getWidth()).isEqualTo(128);
        assertThat(ImageArrays.decode(store.get(first.path("targetKey").asText())).getHeight()).isEqualTo(128);
    }

    /**
     * The automatic dataset's build records name the version they follow (ADR 0039): of two records that both follow
     * "no version" or v1, the owner builds only the first; a record following a version that is no longer the latest
     * builds nothing, even over new samples. Records of one name are read in order, so when the last builds, the
     * others were handled.
     */
    @Test
    @Order(Integer.MAX_VALUE) // last: the other tests count every sample and every cleaned record
    void aBuildRecordFollowingAnOlderVersionBuildsNothing() {
        RawImages raw = new RawImages(store, companion);
        List<RawImageStored> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            images.add(raw.store(TestImages.png(TestImages.drawing(96, 80, new Color(60 * i, 90, 220 - 50 * i), 70 + i)),
                    null, null, null, "followed"));
        }
        raw.send(images.subList(0, 3).toArray(RawImageStored[]::new));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> images.subList(0, 3).stream()
                .allMatch(e -> store.exists("samples/" + e.sha256() + "/meta.json")));
        send(follow(""));
        String v1 = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> published("followed"), v -> v.size() == 1).get(0);
        send(follow("")); // a second replica's identical decision, later: v1 follows "no version" already
        raw.send(images.get(3));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> store.exists("samples/" + images.get(3).sha256() + "/meta.json"));
        send(follow(""));
        send(follow(v1));
        send(follow(v1));
        List<String> versions = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> published("followed"), v -> v.size() >= 2);
        assertThat(versions).as("v1, then one version after it").hasSize(2);
        assertThat(given().get("/datasets/followed/versions/" + versions.get(1)).then().statusCode(200)
                .extract().jsonPath().getMap("counts", String.class, Integer.class).values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(4);
        // The records after v2 are read past by now: a third would have been built before the probe below.
        send(new org.inkflow.common.events.DatasetBuildRequested(1, "followed-probe", 64, "pad", "paired", false, null, null,
                List.of("followed"), List.of(), 1.0, 0.0, 0.0, 5L, null, java.time.Instant.now(), null));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> published("followed-probe").size() == 1);
        assertThat(published("followed")).isEqualTo(versions);
    }

    private static org.inkflow.common.events.DatasetBuildRequested follow(String after) {
        return new org.inkflow.common.events.DatasetBuildRequested(1, "followed", 64, "pad", "paired", false, null, null,
                List.of("followed"), List.of(), 1.0, 0.0, 0.0, 5L, null, java.time.Instant.now(), after);
    }

    private void send(org.inkflow.common.events.DatasetBuildRequested request) {
        companion.produceStrings().fromRecords(List.of(new org.apache.kafka.clients.producer.ProducerRecord<>(
                Topics.DATASETS_BUILDS, request.key(), EventJson.write(request)))).awaitCompletion(Duration.ofSeconds(20));
    }

    private static List<String> published(String name) {
        var response = given().get("/datasets/" + name);
        if (response.statusCode() == 404) {
            return List.of();
        }
        List<String> states = response.jsonPath().getList("versions.state");
        List<String> versions = response.jsonPath().getList("versions.version");
        assertThat(states).as(versions.toString()).allMatch(s -> !"FAILED".equals(s));
        return states.stream().allMatch("PUBLISHED"::equals) ? versions : List.of();
    }

    @Test
    void badRequestsGetJsonErrors() {
        given().contentType(ContentType.JSON).body("{\"imageSize\":64}").post("/datasets").then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("name")).body("detail", containsString("must match"));
        given().contentType(ContentType.JSON).body("{\"name\":\"Bad Name!\"}").post("/datasets").then().statusCode(400)
                .body("field", equalTo("name"));
        given().contentType(ContentType.JSON).body("{\"name\":\"d\",\"imageSize\":65}").post("/datasets").then().statusCode(400)
                .body("field", equalTo("imageSize"));
        given().contentType(ContentType.JSON).body("{\"name\":\"d\",\"lineArt\":\"crayon\"}").post("/datasets").then().statusCode(400)
                .body("field", equalTo("lineArt")).body("detail", containsString("xdog"));
        given().contentType(ContentType.JSON).body("{\"name\":\"d\",\"splits\":{\"train\":0.9,\"validation\":0.2}}").post("/datasets")
                .then().statusCode(400).body("field", equalTo("splits")).body("detail", containsString("add up to 1"));
        given().contentType(ContentType.JSON).body("{\"name\":\"d\",\"maxPerTag\":0}").post("/datasets").then().statusCode(400)
                .body("field", equalTo("maxPerTag"));
        given().contentType(ContentType.JSON).body("{\"name\":\"d\",\"maxPerTags\":3}").post("/datasets").then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("maxPerTags"));
        given().contentType(ContentType.JSON).body("{\"name\": ").post("/datasets").then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("JSON"));
        given().contentType(ContentType.JSON).body("{\"name\":\"nothing\",\"includeTags\":[\"no-such-tag\"]}").post("/datasets")
                .then().statusCode(422).body("detail", containsString("no accepted sample"));
        given().get("/datasets/nothing/versions/20260101T000000Z-0123456789ab").then().statusCode(404)
                .contentType(PROBLEM).body("detail", containsString("has no version"));
        given().get("/datasets/nothing/versions/latest").then().statusCode(400).body("field", equalTo("version"));
        given().get("/datasets/nothing").then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404))
                .body("type", equalTo("https://inkflow.dev/problems/not-found")).body("title", equalTo("Not Found"))
                .body("detail", containsString("no dataset named 'nothing'"));
        given().contentType(ContentType.JSON).body("{\"name\":\"d\",\"splits\":{\"train\":\"most\"}}").post("/datasets").then()
                .statusCode(400).contentType(PROBLEM).body("type", equalTo("https://inkflow.dev/problems/bad-request"))
                .body("title", equalTo("Bad Request")).body("status", equalTo(400)).body("field", equalTo("splits"));
        given().get("/no/such/path").then().statusCode(404).contentType(PROBLEM).body("detail", containsString("/no/such/path"));
    }

    private static void awaitPublished(String name, String version) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/datasets/" + name + "/versions/" + version)
                .then().statusCode(200).body("state", equalTo("PUBLISHED")));
        given().get("/datasets/" + name + "/" + version).then().statusCode(200).body("counts.train", org.hamcrest.Matchers.greaterThan(0));
    }
}
