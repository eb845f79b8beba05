package org.inkflow.cleaner.datasets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.awt.Color;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.inkflow.cleaner.RawImages;
import org.inkflow.cleaner.TestImages;
import org.inkflow.common.events.DatasetPublished;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.Topics;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Continuous datasets against the real broker and S3: a burst of accepted samples makes one version by itself (read
 * from {@code samples.cleaned}, after the quiet period), fewer new samples than the minimum make none, and the next
 * one that reaches it makes the next version, each announced on {@code inkflow.datasets}.
 */
@QuarkusTest
@TestProfile(AutoDatasetIT.Continuous.class)
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class AutoDatasetIT {

    /** The policy on, with numbers small enough for a test. */
    public static class Continuous implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("inkflow.cleaner.auto-dataset.enabled", "true",
                    "inkflow.cleaner.auto-dataset.name", "auto-it",
                    "inkflow.cleaner.auto-dataset.min-new-samples", "3",
                    "inkflow.cleaner.auto-dataset.quiet-period", "PT4S",
                    "inkflow.cleaner.auto-dataset.max-delay", "PT0S");
        }
    }

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
    void versionsAreBuiltByThemselvesWhenEnoughNewSamplesArrived() {
        RawImages raw = new RawImages(store, companion);
        ConsumerTask<String, String> published = companion.consumeStrings().fromTopics(Topics.DATASETS);
        try {
            raw.send(drawings(raw, 0, 6));
            // Once the samples are accepted the view says a version is coming (what the demo's driver waits on),
            // never IDLE without one, although they are counted only after the quiet period.
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> given().get("/samples/stats").path("accepted").equals(6));
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonPath a = given().get("/auto-dataset").then().statusCode(200).extract().jsonPath();
                if (a.getString("latestVersion") == null) {
                    assertThat(a.getString("state")).as("before the first version: " + a.prettify())
                            .isIn("WAITING", "BUILDING");
                }
                return a.getString("latestVersion") != null;
            });
            JsonPath first = awaitVersions(1);
            assertThat(first.getInt("newSamples")).isZero();
            String v1 = first.getString("latestVersion");
            assertThat(sampleCount(v1)).as("one version for the whole burst").isEqualTo(6);

            raw.send(drawings(raw, 6, 2));
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> given().get("/auto-dataset").path("newSamples").equals(2));
            // Two new samples are fewer than min-new-samples=3: no version however long we wait (WAITING until they
            // are counted after the 4 s quiet period, then IDLE for good).
            Awaitility.await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20))
                    .until(() -> versions().size() == 1 && "IDLE".equals(given().get("/auto-dataset").path("state")));

            raw.send(drawings(raw, 8, 1));
            JsonPath second = awaitVersions(2);
            assertThat(sampleCount(second.getString("latestVersion"))).isEqualTo(9);

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> published.getRecords().size() >= 2);
            assertThat(published.getRecords()).extracting(r -> EventJson.read(r.value(), DatasetPublished.class))
                    .extracting(DatasetPublished::name, DatasetPublished::version)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("auto-it", v1),
                            org.assertj.core.groups.Tuple.tuple("auto-it", second.getString("latestVersion")));
        } finally {
            published.stop();
        }
    }

    private static RawImageStored[] drawings(RawImages raw, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> raw.store(TestImages.png(TestImages.drawing(96, 96,
                new Color((37 * i) % 256, 220 - 20 * i, (90 + 50 * i) % 256), 40 + i)), null, null, null, "shapes"))
                .toArray(RawImageStored[]::new);
    }

    private static JsonPath awaitVersions(int n) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> versions().size() == n
                && versions().stream().allMatch("PUBLISHED"::equals)
                && "IDLE".equals(given().get("/auto-dataset").path("state")));
        return given().get("/auto-dataset").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> versions() {
        var response = given().get("/datasets/auto-it");
        return response.statusCode() == 404 ? List.of() : response.jsonPath().getList("versions.state");
    }

    private static int sampleCount(String version) {
        Map<String, Integer> counts = given().get("/datasets/auto-it/versions/" + version).then().statusCode(200)
                .extract().jsonPath().getMap("counts", String.class, Integer.class);
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
