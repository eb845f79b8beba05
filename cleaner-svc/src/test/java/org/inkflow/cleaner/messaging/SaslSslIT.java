package org.inkflow.cleaner.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.inkflow.cleaner.RawImages;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.SampleCleaned;
import org.inkflow.common.events.Topics;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.SaslSslTestResource;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.Test;

/**
 * The cleaner against a broker that speaks only SASL_SSL (SCRAM-SHA-512 over TLS, certificate made at start), set
 * up the way the Helm chart sets it ({@code kafka.security.protocol}, {@code kafka.sasl.*},
 * {@code kafka.ssl.truststore.*}): readiness (its own Admin client) is UP, topics are created, and a raw image -- a
 * WebP, which the cleaner now decodes -- goes in on {@code inkflow.images.raw} and comes out as a sample.
 */
@QuarkusTest
@QuarkusTestResource(value = SaslSslTestResource.class, restrictToAnnotatedClass = true)
class SaslSslIT {

    TestStack stack;

    @Inject
    ObjectStore store;

    @Test
    void readyAndOneImageRoundTripsOverSaslSsl() throws IOException {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItems("kafka", "s3")));

        try (KafkaCompanion companion = new KafkaCompanion(stack.kafkaBootstrapServers())) {
            companion.setCommonClientConfig(stack.kafkaClientProperties());
            // Created by TopicInitializer through the same security settings, compacted where the design says.
            assertThat(companion.topics().list()).contains(Topics.IMAGES_RAW, Topics.SAMPLES_CLEANED, Topics.DATASETS);
            ConsumerTask<String, String> cleaned = companion.consumeStrings().fromTopics(Topics.SAMPLES_CLEANED);
            try {
                RawImages raw = new RawImages(store, companion);
                RawImageStored webp = raw.store(resource("orange-rectangle.webp"), null, null, null, "shapes");
                raw.send(webp);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> cleaned.getRecords().stream()
                        .anyMatch(r -> webp.sha256().equals(r.key())));
                SampleCleaned sample = cleaned.getRecords().stream().filter(r -> webp.sha256().equals(r.key()))
                        .map(r -> EventJson.read(r.value(), SampleCleaned.class)).findFirst().orElseThrow();
                assertThat(store.exists(sample.inputKey())).isTrue();
                assertThat(sample.lineArtSource()).isEqualTo("extracted");
            } finally {
                cleaned.stop();
            }
        }

        // The broker really is closed to clients without the credentials and the truststore.
        try (Admin plaintext = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            assertThatThrownBy(() -> plaintext.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(Exception.class);
        }
    }

    private static byte[] resource(String name) throws IOException {
        // 160x100, an orange rectangle on white: cwebp -q 90 of the PNG SampleFlowIT draws as orangeRectangle().
        try (InputStream in = SaslSslIT.class.getResourceAsStream("/images/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
