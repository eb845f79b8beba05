package org.inkflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's stack as the demo runs it: LocalStackMain in its own JVM starting a Kafka broker process and an
 * S3Proxy process. Both answer, and both end when LocalStackMain is killed with SIGKILL (no shutdown hook runs):
 * the parent-death check in their launcher is what stops them.
 */
class LocalStackMainIT {

    private Process main;
    private Path dir;

    @AfterEach
    void cleanUp() {
        if (main != null) {
            main.destroyForcibly();
        }
        WorkDirs.deleteRecursively(dir);
    }

    @Test
    void brokerAndS3AnswerAndDieWithTheirParent() throws Exception {
        dir = Files.createTempDirectory("inkflow-localstack-it-");
        int kafkaPort = FreePorts.next();
        int s3Port = FreePorts.next();
        main = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dinkflow.maven.repo=" + System.getProperty("inkflow.maven.repo", ""),
                "-cp", System.getProperty("java.class.path"), LocalStackMain.class.getName(),
                dir.toString(), String.valueOf(kafkaPort), String.valueOf(s3Port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("main.log").toFile())
                .start();

        Path env = dir.resolve("stack.env");
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(env) || !main.isAlive());
        assertThat(main.isAlive()).as("LocalStackMain died; see " + dir.resolve("main.log")).isTrue();
        Map<String, String> vars = readEnv(env);
        assertThat(vars.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("127.0.0.1:" + kafkaPort);
        assertThat(vars.get("INKFLOW_S3_ENDPOINT")).isEqualTo("http://127.0.0.1:" + s3Port);

        try (KafkaCompanion kafka = new KafkaCompanion(vars.get("KAFKA_BOOTSTRAP_SERVERS"))) {
            kafka.produceStrings().fromRecords(List.of(new ProducerRecord<>("local-stack-check", "k", "hello")))
                    .awaitCompletion(Duration.ofSeconds(30));
            var records = kafka.consumeStrings().fromTopics("local-stack-check", 1).awaitCompletion(Duration.ofSeconds(30));
            assertThat(records.getFirstRecord().value()).isEqualTo("hello");
        }
        MinioClient s3 = MinioClient.builder().endpoint(vars.get("INKFLOW_S3_ENDPOINT"))
                .credentials(vars.get("INKFLOW_S3_ACCESS_KEY"), vars.get("INKFLOW_S3_SECRET_KEY")).build();
        s3.makeBucket(MakeBucketArgs.builder().bucket("check").build());
        assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket("check").build())).isTrue();
        // Objects are on disk under the stack's folder, so a second demo finds them.
        assertThat(dir.resolve("s3/data/check")).isDirectory();

        long kafkaPid = Long.parseLong(vars.get("KAFKA_PID"));
        long s3Pid = Long.parseLong(vars.get("S3PROXY_PID"));
        main.destroyForcibly().waitFor();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !alive(kafkaPid) && !alive(s3Pid));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Map<String, String> readEnv(Path env) throws IOException {
        Properties props = new Properties();
        try (var in = Files.newInputStream(env)) {
            props.load(in);
        }
        Map<String, String> out = new HashMap<>();
        props.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }
}
