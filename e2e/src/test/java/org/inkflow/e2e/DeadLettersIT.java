package org.inkflow.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inkflow.common.events.Topics;
import org.inkflow.localstack.KafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ./inkflow dlq list|replay} against a real broker: reasons listed, a replay re-drives each dead letter once. */
class DeadLettersIT {

    private static final String TOPIC = Topics.IMAGES_RAW;
    private static KafkaBroker kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = KafkaBroker.start(0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1), new NewTopic(Topics.dlq(TOPIC), 1, (short) 1),
                    new NewTopic(Topics.dlq(Topics.CRAWL_JOBS), 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void listsReasonsAndReplaysEachDeadLetterOnce() throws Exception {
        deadLetter("img-1", "{\"n\":1}", "catalog not ready", 7);
        deadLetter("img-2", "{\"n\":2}", "invalid event: size missing", 8);
        deadLetter("img-3", "{\"n\":3}", "catalog not ready", 9);
        DeadLetters letters = new DeadLetters(Map.of("bootstrap.servers", kafka.bootstrapServers()));

        List<DeadLetters.Summary> all = letters.list(Optional.empty());
        assertEquals(List.of(Topics.dlq(Topics.CRAWL_JOBS), Topics.dlq(TOPIC)), all.stream().map(DeadLetters.Summary::dlqTopic).toList());
        DeadLetters.Summary images = letters.list(Optional.of(TOPIC)).get(0);
        assertEquals(3, images.count());
        assertEquals(Map.of("catalog not ready", 2L, "invalid event: size missing", 1L), images.reasons());
        assertEquals(new DeadLetters.DeadLetter("img-2", "invalid event: size missing", TOPIC, "0", "8", "1"), images.letters().get(1));
        assertEquals("?", letters.list(Optional.of(TOPIC)).get(0).letters().get(0).attempts(), "a dead letter from before the header");
        assertEquals(0, images.replayed());

        assertEquals(3, letters.replay(TOPIC));
        assertEquals(List.of("img-1={\"n\":1}", "img-2={\"n\":2}", "img-3={\"n\":3}"), read(TOPIC));
        assertEquals(0, letters.replay(TOPIC), "a second replay re-drives nothing");
        assertEquals(3, read(TOPIC).size());
        assertEquals(3, letters.list(Optional.of(TOPIC)).get(0).replayed());

        deadLetter("img-4", "{\"n\":4}", "catalog not ready", 10);
        assertEquals(1, letters.replay(TOPIC), "only the dead letter that arrived since");
        assertEquals("img-4={\"n\":4}", read(TOPIC).get(3));
    }

    /** A record as SmallRye's dead-letter-queue strategy writes it: the original key and value, headers saying why. */
    private static void deadLetter(String key, String value, String reason, long offset) {
        deadLetter(key, value, reason, offset, offset == 7 ? null : 1);
    }

    private static void deadLetter(String key, String value, String reason, long offset, Integer attempts) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.dlq(TOPIC), key, value);
            record.headers().add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
            record.headers().add("dead-letter-topic", TOPIC.getBytes(StandardCharsets.UTF_8));
            record.headers().add("dead-letter-partition", "0".getBytes(StandardCharsets.UTF_8));
            record.headers().add("dead-letter-offset", String.valueOf(offset).getBytes(StandardCharsets.UTF_8));
            if (attempts != null) {
                record.headers().add("dead-letter-attempts", String.valueOf(attempts).getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record);
        }
    }

    private static List<String> read(String topic) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "it-" + UUID.randomUUID()), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            while (consumer.position(p) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.key() + "=" + r.value());
                }
            }
        }
        return out;
    }
}
