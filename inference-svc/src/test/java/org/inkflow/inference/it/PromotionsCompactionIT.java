package org.inkflow.inference.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.events.Topics;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.inference.service.ColorizerService;
import org.inkflow.localstack.InkflowTestResource;
import org.inkflow.localstack.TestStack;
import org.junit.jupiter.api.Test;

/**
 * Promotions survive real log compaction (issue 18, decision 0016): before this application starts, the promotions
 * topic (tiny segments, cleaned as soon as it is dirty) gets a superseded production promotion, the production
 * promotion of a real model, then a staging one, and the broker's log cleaner runs until the superseded record is
 * gone. The application then starts as a fresh replica, replays the compacted topic and must serve production.
 * With the old key (the model name alone) the staging record would have erased production here. A record keyed
 * the old way, as an existing topic holds them, is still followed.
 */
@QuarkusTest
@QuarkusTestResource(value = PromotionsCompactionIT.CompactedPromotions.class, restrictToAnnotatedClass = true)
class PromotionsCompactionIT {

    @Inject
    ColorizerService service;

    @Inject
    ObjectStore store;

    TestStack stack;

    @Test
    void aFreshReplicaServesProductionAfterAStagingPromotionAndCompactionAndStillReadsOldKeys() {
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true)));
        assertThat(service.registry().current()).get().extracting(m -> m.version()).isEqualTo("1");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'model' }.data.version", equalTo("1"));

        // A record from before issue 18, keyed by the model name alone, is still a promotion of its alias.
        ModelPromotion legacy = ModelFixtures.promotion("3", ModelFixtures.exportTiny(store, "3", 3));
        try (KafkaProducer<String, String> producer = CompactedPromotions.producer(stack.kafkaBootstrapServers())) {
            CompactedPromotions.send(producer, ModelFixtures.MODEL, legacy);
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(service.registry().current()).get().extracting(m -> m.version()).isEqualTo("3"));
    }

    /** The real stack, with the promotions topic written and compacted before the application starts. */
    public static class CompactedPromotions extends InkflowTestResource {

        @Override
        public Map<String, String> start() {
            Map<String, String> props = super.start();
            String bootstrap = props.get("kafka.bootstrap.servers");
            ObjectStore store = ObjectStore.connect(props.get("inkflow.s3.endpoint"), props.get("inkflow.s3.access-key"),
                    props.get("inkflow.s3.secret-key"), "inkflow", "us-east-1");
            store.ensureBucket();
            String location = ModelFixtures.exportTiny(store, "1", 1);
            createCompactingTopic(bootstrap);
            try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                send(producer, promotion("production", "0", ModelFixtures.location("0")));
                send(producer, promotion("production", "1", location));
                send(producer, promotion("staging", "2", ModelFixtures.location("2")));
                // The active segment is never cleaned: records of another model roll the segment (segment.ms is
                // 100 ms) until the cleaner has dropped the superseded production promotion of version 0.
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    send(producer, new ModelPromotion(ModelPromotion.SCHEMA_VERSION, "another-model", "production",
                            "1", "models/another-model/1/", null, "promote", null, Instant.now()));
                    return versions(bootstrap, ModelFixtures.MODEL, "production").equals(List.of("1"));
                });
            }
            assertThat(versions(bootstrap, ModelFixtures.MODEL, "staging")).containsExactly("2");
            return props;
        }

        private static ModelPromotion promotion(String alias, String version, String location) {
            return new ModelPromotion(ModelPromotion.SCHEMA_VERSION, ModelFixtures.MODEL, alias, version, location,
                    Map.of(), "promote", null, Instant.now());
        }

        private static void createCompactingTopic(String bootstrap) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic(Topics.MODELS_PROMOTIONS, 1, (short) 1).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.SEGMENT_MS_CONFIG, "100",
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                        TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0",
                        TopicConfig.DELETE_RETENTION_MS_CONFIG, "100")))).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not create " + Topics.MODELS_PROMOTIONS + ": " + e, e);
            }
        }

        static KafkaProducer<String, String> producer(String bootstrap) {
            return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        }

        private static void send(KafkaProducer<String, String> producer, ModelPromotion promotion) {
            send(producer, promotion.key(), promotion);
        }

        static void send(KafkaProducer<String, String> producer, String key, ModelPromotion promotion) {
            try {
                producer.send(new ProducerRecord<>(Topics.MODELS_PROMOTIONS, key, EventJson.write(promotion)))
                        .get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the broker did not take " + key + ": " + e, e);
            }
        }

        /** The versions of every record of {@code model}'s {@code alias} on the topic now, in offset order. */
        private static List<String> versions(String bootstrap, String model, String alias) {
            TopicPartition partition = new TopicPartition(Topics.MODELS_PROMOTIONS, 0);
            List<String> out = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
                consumer.assign(Set.of(partition));
                consumer.seekToBeginning(Set.of(partition));
                long end = consumer.endOffsets(Set.of(partition)).get(partition);
                while (consumer.position(partition) < end) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        ModelPromotion p = EventJson.read(record.value(), ModelPromotion.class);
                        if (p.modelName().equals(model) && p.alias().equals(alias)) {
                            out.add(p.version());
                        }
                    }
                }
            }
            return out;
        }
    }
}
