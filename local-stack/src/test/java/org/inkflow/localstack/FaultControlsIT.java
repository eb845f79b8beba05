package org.inkflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fault controls fault tests use, on the real processes: a paused S3 server hangs requests until resumed, a
 * killed one refuses them, and one restarted on the same port and data directory still holds its objects; a Kafka
 * broker stopped or killed and restarted with the same log directory still holds a topic's records.
 */
class FaultControlsIT {

    private Path dir;

    @BeforeEach
    void makeDir() throws Exception {
        dir = Files.createTempDirectory("inkflow-faults-it-");
    }

    @AfterEach
    void cleanUp() {
        WorkDirs.deleteRecursively(dir);
    }

    @Test
    void s3PausedHangsResumedAnswersKilledRefusesRestartedStillHoldsTheObject() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(0, S3ProxyServer.Storage.FILESYSTEM, dir.resolve("s3"))) {
            MinioClient client = client(s3);
            client.makeBucket(MakeBucketArgs.builder().bucket("faults").build());
            put(client, "a.txt", "before");
            long pid = s3.pid();

            s3.pause();
            long start = System.nanoTime();
            assertThatThrownBy(() -> get(client, "a.txt")).as("a request to a paused server times out")
                    .hasStackTraceContaining("java.net.SocketTimeoutException");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(ChildProcess.portOpen(s3.port())).as("the kernel still accepts connections").isTrue();
            s3.resume();
            assertThat(get(client, "a.txt")).isEqualTo("before");

            s3.kill();
            assertThat(s3.isRunning()).isFalse();
            assertThat(ChildProcess.portOpen(s3.port())).as("a killed server refuses connections").isFalse();
            assertThatThrownBy(() -> get(client(s3), "a.txt")).as("a new connection is refused")
                    .hasStackTraceContaining("java.net.ConnectException");

            s3.restart();
            assertThat(s3.pid()).isNotEqualTo(pid);
            assertThat(s3.endpoint()).isEqualTo("http://127.0.0.1:" + s3.port());
            // A new client: the old one's pooled connections died with the server.
            MinioClient again = client(s3);
            assertThat(get(again, "a.txt")).as("same port, same data directory").isEqualTo("before");
            put(again, "b.txt", "after");

            s3.pause();
            s3.restart(); // a paused server can be restarted too (it is killed first)
            assertThat(get(client(s3), "b.txt")).isEqualTo("after");
        }
    }

    @Test
    void aBrokerStoppedOrKilledAndRestartedWithTheSameLogDirStillHoldsTheTopicsRecords() throws Exception {
        int port = FreePorts.next();
        try (KafkaBrokerProcess kafka = KafkaBrokerProcess.start(port, dir.resolve("kafka"))) {
            String topic = "faults-" + UUID.randomUUID();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            produce(kafka, topic, "r1", "r2", "r3");
            long pid = kafka.pid();

            kafka.restart(); // a clean stop (SIGTERM) and a start on the same port and log directory
            assertThat(kafka.pid()).isNotEqualTo(pid);
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(readAll(kafka, topic)).containsExactlyInAnyOrder("r1", "r2", "r3");

            produce(kafka, topic, "r4");
            kafka.kill();
            assertThat(kafka.isRunning()).isFalse();
            assertThat(ChildProcess.portOpen(port)).isFalse();
            kafka.restart(); // after SIGKILL: the log is recovered
            assertThat(readAll(kafka, topic)).containsExactlyInAnyOrder("r1", "r2", "r3", "r4");

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            kafka.restart();
            produce(kafka, topic, "r5");
            assertThat(readAll(kafka, topic)).containsExactlyInAnyOrder("r1", "r2", "r3", "r4", "r5");
        }
    }

    /** A client that gives up after 2 s, so a hung server shows as a timeout, not a five-minute wait. */
    private static MinioClient client(S3ProxyServer s3) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).writeTimeout(Duration.ofSeconds(2))
                .retryOnConnectionFailure(false).build();
        return MinioClient.builder().endpoint(s3.endpoint()).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
                .region("us-east-1").httpClient(http).build();
    }

    private static void put(MinioClient client, String key, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        client.putObject(PutObjectArgs.builder().bucket("faults").object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    private static String get(MinioClient client, String key) throws Exception {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket("faults").object(key).build())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void produce(KafkaBrokerProcess kafka, String topic, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v, v)).get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Every record of {@code topic}, polled until the end offsets the broker reports (it may still be electing). */
    private static List<String> readAll(KafkaBrokerProcess kafka, String topic) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInSameThread().ignoreExceptions()
                    .until(() -> consumer.partitionsFor(topic, Duration.ofSeconds(5)).size() == 2);
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return out;
    }
}
