package org.inkflow.cleaner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.RawImageStored;
import org.inkflow.common.events.Topics;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A record goes through the real broker to the consumer; a poison record goes to the dead-letter topic. */
@QuarkusTest
@QuarkusTestResource(value = InkflowTestResource.class, restrictToAnnotatedClass = true)
class DeadLetterIT {

    TestStack stack;

    @Inject
    MeterRegistry registry;

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
    void poisonRecordLandsInDlqAndTheNextGoodRecordIsStillProcessed() {
        double before = received();
        String poison = "{\"schemaVersion\":1,\"source\":\"safebooru\",\"objectKey\":\"raw/x.png\"}"; // no sha256
        companion.produceStrings().fromRecords(List.of(
                new ProducerRecord<>(Topics.IMAGES_RAW, "good-1", EventJson.write(event("a1"))),
                new ProducerRecord<>(Topics.IMAGES_RAW, "poison", poison),
                new ProducerRecord<>(Topics.IMAGES_RAW, "good-2", EventJson.write(event("b2")))))
                .awaitCompletion(Duration.ofSeconds(20));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received() - before >= 2);

        ConsumerTask<String, String> dlq = companion.consumeStrings().fromTopics(Topics.dlq(Topics.IMAGES_RAW), 1)
                .awaitCompletion(Duration.ofSeconds(30));
        ConsumerRecord<String, String> dead = dlq.getFirstRecord();
        assertThat(dead.key()).isEqualTo("poison");
        assertThat(dead.value()).isEqualTo(poison);
        String reason = new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertThat(reason).contains("missing required field 'sha256'");
        assertThat(received() - before).isEqualTo(2.0);
    }

    private double received() {
        var counter = registry.find("inkflow.cleaner.received.images").counter();
        return counter == null ? 0 : counter.count();
    }

    private static RawImageStored event(String sha) {
        return new RawImageStored(RawImageStored.SCHEMA_VERSION, sha, "job-1", "safebooru", "raw/safebooru/cat/" + sha + ".png",
                null, "image/png", 10L, 64, 48, List.of("cat"), "g", "http://127.0.0.1/x.png", "unknown", null, sha,
                Instant.parse("2026-01-01T00:00:00Z"));
    }
}
