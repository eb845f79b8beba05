package org.inkflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inkflow.common.events.EventJson;
import org.inkflow.common.events.ModelPromotion;
import org.inkflow.common.events.Topics;
import org.inkflow.common.keys.Keys;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.model.training.TinyColorizer;

/**
 * What the fault tests read from, and write to, the platform's topics with plain Kafka clients: every record of a
 * topic, and per crawl job the images offered on {@code images.raw} against their cleaned or rejected outcomes and
 * the dead letters ({@link Figures}).
 */
final class PipelineTopics {

    private final String bootstrap;

    PipelineTopics(String bootstrapServers) {
        this.bootstrap = bootstrapServers;
    }

    /** What the topics say about one crawl job's images. */
    record Figures(long offered, long rawRecords, long processed, long processedRecords, long lost,
                   long duplicated, long deadLetters, Map<String, Long> deadLetterTopics) {
    }

    Figures figures(String job) {
        List<JsonNode> raw = read(Topics.IMAGES_RAW).stream().map(PipelineTopics::json)
                .filter(e -> job.equals(e.path("jobId").asText())).toList();
        Set<String> offered = new HashSet<>();
        raw.forEach(e -> offered.add(e.path("sha256").asText()));
        List<String> outcomes = new ArrayList<>();
        for (String topic : List.of(Topics.SAMPLES_CLEANED, Topics.SAMPLES_REJECTED)) {
            read(topic).stream().map(PipelineTopics::json).map(e -> e.path("sha256").asText()).filter(offered::contains)
                    .forEach(outcomes::add);
        }
        Set<String> processed = new HashSet<>(outcomes);
        Map<String, Long> dlq = new LinkedHashMap<>();
        long deadLetters = 0;
        for (String topic : Topics.CONSUMED) {
            long n = read(Topics.dlq(topic)).size();
            if (n > 0) {
                dlq.put(Topics.dlq(topic), n);
            }
            deadLetters += n;
        }
        long duplicated = (raw.size() - offered.size()) + (outcomes.size() - processed.size());
        return new Figures(offered.size(), raw.size(), processed.size(), outcomes.size(), offered.size() - processed.size(),
                duplicated, deadLetters, dlq);
    }

    /** Every image the job offered has a cleaned or rejected record. */
    boolean caughtUp(String job) {
        Set<String> offered = offered(job);
        Set<String> processed = new HashSet<>();
        for (String topic : List.of(Topics.SAMPLES_CLEANED, Topics.SAMPLES_REJECTED)) {
            read(topic).stream().map(PipelineTopics::json).map(e -> e.path("sha256").asText()).forEach(processed::add);
        }
        return processed.containsAll(offered);
    }

    /** The sha256 of every image the job announced on {@code images.raw}. */
    Set<String> offered(String job) {
        Set<String> offered = new HashSet<>();
        read(Topics.IMAGES_RAW).stream().map(PipelineTopics::json).filter(e -> job.equals(e.path("jobId").asText()))
                .forEach(e -> offered.add(e.path("sha256").asText()));
        return offered;
    }

    static JsonNode json(ConsumerRecord<String, String> r) {
        try {
            return EventJson.MAPPER.readTree(r.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record on {@code topic} from the beginning to its current end (none if the topic does not exist). */
    List<ConsumerRecord<String, String>> read(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            var infos = consumer.listTopics(Duration.ofSeconds(30)).get(topic);
            if (infos == null) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    // Not IllegalStateException: PipelineDriver.await gives up on that, and this may pass once the
                    // broker is back.
                    throw new org.apache.kafka.common.errors.TimeoutException("could not read " + topic + " to its end within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /**
     * Serves a tiny real model ({@code TinyColorizer}) without the training chain: exports it as {@code version}
     * under {@code workDir}, uploads it to its place in S3 and promotes it to {@code production} on the topic.
     */
    void promoteTinyModel(ObjectStore store, Path workDir, String model, String version) throws Exception {
        Path dir = Files.createTempDirectory(workDir, "model-");
        TinyColorizer.export(dir, model, version, 1, 2);
        String location = Keys.modelDir(model, version);
        store.putDirectory(dir, location);
        ModelPromotion promotion = new ModelPromotion(ModelPromotion.SCHEMA_VERSION, model, "production", version,
                location, Map.of("valLoss", 0.1), "promote", null, Instant.now());
        produce(Topics.MODELS_PROMOTIONS, promotion.key(), EventJson.write(promotion));
    }

    /** Sends one record and waits until the broker acknowledged it. */
    void produce(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }
}
