package org.inkflow.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.inkflow.common.events.Topics;

/**
 * {@code ./inkflow dlq list [TOPIC]} and {@code ./inkflow dlq replay TOPIC}: what sits in the dead-letter topics
 * (counts, reasons and original coordinates from SmallRye's {@code dead-letter-*} headers) and re-driving them to
 * their topic after a fix. A replay commits how far it got on the {@code .dlq} topic for consumer group
 * {@value #REPLAY_GROUP}, so a second replay re-drives only dead letters that arrived since.
 */
public final class DeadLetters {

    public static final String REPLAY_GROUP = "inkflow-dlq-replay";
    /** Set on a re-driven record: which dead letter it came from, for tracing a replay in the consumer's logs. */
    public static final String REPLAYED_FROM_HEADER = "inkflow-replayed-from";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    /** One dead letter as the list shows it. */
    public record DeadLetter(String key, String reason, String originalTopic, String originalPartition,
                             String originalOffset, String attempts) {
    }

    /** A dead-letter topic's content: how many, the reasons with their counts, and how many a replay re-drove. */
    public record Summary(String dlqTopic, List<DeadLetter> letters, Map<String, Long> reasons, long replayed) {
        public int count() {
            return letters.size();
        }
    }

    private final Map<String, Object> client;

    /** @param client Kafka client properties: bootstrap servers plus any {@code security.protocol}/{@code sasl.*}/{@code ssl.*} */
    public DeadLetters(Map<String, Object> client) {
        this.client = Map.copyOf(client);
    }

    /** The dead-letter topics (all, or {@code topic}'s twin only) with what they hold. */
    public List<Summary> list(Optional<String> topic) {
        List<String> dlqs;
        try (Admin admin = Admin.create(client)) {
            dlqs = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(n -> n.endsWith(Topics.DLQ_SUFFIX))
                    .filter(n -> topic.map(t -> n.equals(Topics.dlq(t))).orElse(true))
                    .sorted().toList();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not list topics at " + client.get("bootstrap.servers") + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
        if (topic.isPresent() && dlqs.isEmpty()) {
            throw new IllegalArgumentException("no dead-letter topic " + Topics.dlq(topic.get()) + "; topics with one: " + Topics.CONSUMED);
        }
        List<Summary> out = new ArrayList<>();
        for (String dlq : dlqs) {
            out.add(summarize(dlq));
        }
        return out;
    }

    private Summary summarize(String dlq) {
        List<DeadLetter> letters = new ArrayList<>();
        long replayed;
        try (KafkaConsumer<String, String> consumer = consumer(Optional.empty())) {
            List<TopicPartition> partitions = partitions(consumer, dlq);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            readToEnd(consumer, partitions, record -> letters.add(new DeadLetter(record.key(),
                    header(record, "dead-letter-reason").orElse("(no reason recorded)"),
                    header(record, "dead-letter-topic").orElse("?"), header(record, "dead-letter-partition").orElse("?"),
                    header(record, "dead-letter-offset").orElse("?"),
                    // Written by common's DeadLetterWithAttempts; dead letters from before it have none.
                    header(record, "dead-letter-attempts").orElse("?"))));
        }
        try (KafkaConsumer<String, String> group = consumer(Optional.of(REPLAY_GROUP))) {
            List<TopicPartition> partitions = partitions(group, dlq);
            Map<TopicPartition, OffsetAndMetadata> committed = group.committed(new java.util.HashSet<>(partitions), Duration.ofSeconds(30));
            Map<TopicPartition, Long> begin = group.beginningOffsets(partitions);
            replayed = partitions.stream().mapToLong(p -> Optional.ofNullable(committed.get(p))
                    .map(o -> o.offset() - begin.get(p)).orElse(0L)).sum();
        }
        Map<String, Long> reasons = letters.stream().collect(Collectors.groupingBy(DeadLetter::reason, TreeMap::new, Collectors.counting()));
        return new Summary(dlq, letters, reasons, replayed);
    }

    /**
     * Re-drives every dead letter of {@code <topic>.dlq} not replayed before to {@code topic}, same key and value,
     * then commits the replay group's offsets. Returns how many it re-drove. A crash between sending and committing
     * re-drives those again on the next replay; the consumers skip events they already applied.
     */
    public int replay(String topic) {
        if (topic.endsWith(Topics.DLQ_SUFFIX)) {
            throw new IllegalArgumentException("give the original topic, not its dead-letter twin: " + topic.substring(0, topic.length() - Topics.DLQ_SUFFIX.length()));
        }
        String dlq = Topics.dlq(topic);
        int[] count = {0};
        try (KafkaConsumer<String, String> consumer = consumer(Optional.of(REPLAY_GROUP));
             KafkaProducer<String, String> producer = producer()) {
            List<TopicPartition> partitions = partitions(consumer, dlq);
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions), Duration.ofSeconds(30));
            for (TopicPartition p : partitions) {
                OffsetAndMetadata at = committed.get(p);
                if (at == null) {
                    consumer.seekToBeginning(List.of(p));
                } else {
                    consumer.seek(p, at.offset());
                }
            }
            Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
            readToEnd(consumer, partitions, record -> {
                ProducerRecord<String, String> redrive = new ProducerRecord<>(topic, null, record.key(), record.value());
                redrive.headers().add(REPLAYED_FROM_HEADER, (dlq + "/" + record.partition() + "/" + record.offset()).getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(redrive));
                progress.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                count[0]++;
            });
            // Commit only what reached the topic: flush waits for every send's acknowledgement.
            producer.flush();
            for (var ack : sent) {
                try {
                    ack.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("could not re-drive to " + topic + " (" + e.getCause().getMessage()
                            + "); nothing was marked replayed, run the replay again", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while re-driving to " + topic, e);
                }
            }
            if (!progress.isEmpty()) {
                consumer.commitSync(progress);
            }
        }
        return count[0];
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist at " + client.get("bootstrap.servers"));
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    /** Hands every record from the consumer's positions up to the partitions' end offsets (as of now) to {@code each}. */
    private static void readToEnd(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions,
                                  java.util.function.Consumer<ConsumerRecord<String, String>> each) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partitions + " to its end within " + DEADLINE);
            }
            for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    each.accept(record);
                }
            }
        }
    }

    private KafkaConsumer<String, String> consumer(Optional<String> group) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "inkflow-dlq-" + UUID.randomUUID());
        group.ifPresent(g -> props.put(ConsumerConfig.GROUP_ID_CONFIG, g));
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private KafkaProducer<String, String> producer() {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? Optional.empty() : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("inkflow: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String[] args) {
        Path root = Path.of(System.getProperty("inkflow.root", ".")).toAbsolutePath().normalize();
        String bootstrap = null;
        Path config = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = i + 1 < args.length ? args[++i] : null;
                case "--client-config" -> config = i + 1 < args.length ? Path.of(args[++i]) : null;
                default -> rest.add(args[i]);
            }
        }
        if (rest.isEmpty() || !(rest.get(0).equals("list") && rest.size() <= 2 || rest.get(0).equals("replay") && rest.size() == 2)) {
            System.err.println("usage: ./inkflow dlq list [TOPIC] | replay TOPIC  [--bootstrap HOST:PORT] [--client-config FILE]");
            return 2;
        }
        DeadLetters letters = new DeadLetters(clientProperties(root, bootstrap, config));
        if (rest.get(0).equals("replay")) {
            int n = letters.replay(rest.get(1));
            System.out.println("re-drove " + n + " dead letter(s) from " + Topics.dlq(rest.get(1)) + " to " + rest.get(1)
                    + (n == 0 ? " (nothing new since the last replay)" : ""));
            return 0;
        }
        for (Summary s : letters.list(Optional.ofNullable(rest.size() == 2 ? rest.get(1) : null))) {
            System.out.printf("%s: %d dead letter(s), %d replayed%n", s.dlqTopic(), s.count(), s.replayed());
            s.reasons().forEach((reason, n) -> System.out.printf("  %4d  %s%n", n, reason));
            for (DeadLetter d : s.letters()) {
                System.out.printf("        %s/%s@%s key %s, %s attempt(s)%n", d.originalTopic(), d.originalPartition(),
                        d.originalOffset(), d.key(), d.attempts());
            }
        }
        return 0;
    }

    /**
     * Bootstrap servers from {@code --bootstrap}, else from the running demo's {@code .inkflow/kafka-bootstrap}; a
     * {@code --client-config} properties file adds the security settings (as the services' {@code kafka.*} ones).
     */
    static Map<String, Object> clientProperties(Path root, String bootstrap, Path config) {
        Map<String, Object> props = new HashMap<>();
        if (config != null) {
            Properties file = new Properties();
            try (Reader r = Files.newBufferedReader(config)) {
                file.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("could not read --client-config " + config + ": " + e.getMessage(), e);
            }
            file.forEach((k, v) -> props.put(String.valueOf(k), v));
        }
        if (bootstrap == null && !props.containsKey("bootstrap.servers")) {
            Path recorded = root.resolve(".inkflow/kafka-bootstrap");
            try {
                bootstrap = Files.readString(recorded).trim();
            } catch (IOException e) {
                throw new IllegalArgumentException("no broker given and no running demo found (" + recorded
                        + " is missing): start one with ./inkflow up, or pass --bootstrap HOST:PORT");
            }
        }
        if (bootstrap != null) {
            props.put("bootstrap.servers", bootstrap);
        }
        return props;
    }
}
