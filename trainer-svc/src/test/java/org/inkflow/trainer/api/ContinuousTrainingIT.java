package org.inkflow.trainer.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.inkflow.common.events.DatasetPublished;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.Topics;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.TestStack;
import org.inkflow.trainer.runs.ShapesDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Continuous training against the real broker and S3: each dataset version announced on {@code inkflow.datasets}
 * is trained once, with the configured hyperparameters, however often its event is delivered.
 */
@QuarkusTest
@TestProfile(ContinuousTrainingIT.Continuous.class)
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class ContinuousTrainingIT {

    /** Continuous training on, with a run small enough for seconds on two cores. */
    public static class Continuous implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("inkflow.trainer.auto-train.enabled", "true",
                    "inkflow.trainer.auto-train.model-name", "auto-colorizer",
                    "inkflow.trainer.auto-train.hyperparameters.steps", "6",
                    "inkflow.trainer.auto-train.hyperparameters.width", "4",
                    "inkflow.trainer.auto-train.hyperparameters.batchSize", "4",
                    "inkflow.trainer.auto-train.hyperparameters.validateEvery", "3",
                    "inkflow.trainer.auto-train.hyperparameters.checkpointEvery", "3");
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
    void everyNewDatasetVersionIsTrainedOnceByItself() {
        String first = ShapesDataset.put(store, "shapes-ct", "1", 8, 4, 32, 11);
        publish(event("1", first), event("1", first)); // the second is a replay
        JsonPath run = awaitCompleted("auto-shapes-ct-1");
        assertThat(run.getString("datasetVersion")).isEqualTo("1");
        assertThat(run.getString("modelName")).isEqualTo("auto-colorizer");
        assertThat(run.getInt("hyperparameters.steps")).isEqualTo(6);
        assertThat(run.getInt("hyperparameters.width")).isEqualTo(4);

        String second = ShapesDataset.put(store, "shapes-ct", "2", 8, 4, 32, 12);
        publish(event("1", first), event("2", second)); // a late replay of version 1, then a new version
        awaitCompleted("auto-shapes-ct-2");
        List<String> runs = given().get("/runs").then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(runs).containsExactlyInAnyOrder("auto-shapes-ct-1", "auto-shapes-ct-2");
    }

    private static DatasetPublished event(String version, String manifestKey) {
        return new DatasetPublished(DatasetPublished.SCHEMA_VERSION, "shapes-ct", version, manifestKey,
                Map.of("train", 8, "validation", 4, "test", 0), 32, Instant.now());
    }

    private void publish(DatasetPublished... events) {
        companion.produceStrings().fromRecords(java.util.Arrays.stream(events)
                .map(e -> new ProducerRecord<>(Topics.DATASETS, e.key(), EventJson.write(e))).toList())
                .awaitCompletion(Duration.ofSeconds(20));
    }

    private static JsonPath awaitCompleted(String id) {
        Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300)).until(() -> {
            var response = given().get("/runs/" + id);
            if (response.statusCode() == 404) {
                return false; // the event is not consumed yet
            }
            String state = response.path("state");
            if ("FAILED".equals(state)) {
                throw new AssertionError("run " + id + " failed: " + response.asString());
            }
            return "COMPLETED".equals(state);
        });
        return given().get("/runs/" + id).then().extract().jsonPath();
    }
}
