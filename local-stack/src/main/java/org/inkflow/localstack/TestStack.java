package org.inkflow.localstack;

import java.util.Map;

/**
 * A Kafka broker and an S3 bucket for integration tests, started by {@link #start()} as the build asks:
 * real servers without Docker (default), Testcontainers ({@code -Pcontainers}), or external ones named by
 * {@code -Dinkflow.test.kafka.bootstrap-servers} and {@code -Dinkflow.test.s3.endpoint} (e.g. a real MinIO).
 */
public interface TestStack extends AutoCloseable {

    String kafkaBootstrapServers();

    String s3Endpoint();

    String s3AccessKey();

    String s3SecretKey();

    /** The Quarkus properties that point a service at this stack. */
    default Map<String, String> quarkusProperties() {
        return Map.of(
                "kafka.bootstrap.servers", kafkaBootstrapServers(),
                "inkflow.s3.endpoint", s3Endpoint(),
                "inkflow.s3.access-key", s3AccessKey(),
                "inkflow.s3.secret-key", s3SecretKey());
    }

    /** Kafka client properties for a test's own clients (e.g. {@code KafkaCompanion.setCommonClientConfig}). */
    default Map<String, Object> kafkaClientProperties() {
        return Map.of("bootstrap.servers", kafkaBootstrapServers());
    }

    @Override
    void close();

    static TestStack start() {
        String externalKafka = System.getProperty("inkflow.test.kafka.bootstrap-servers");
        String externalS3 = System.getProperty("inkflow.test.s3.endpoint");
        if (externalKafka != null && externalS3 != null) {
            return new ExternalTestStack(externalKafka, externalS3,
                    System.getProperty("inkflow.test.s3.access-key", "minioadmin"),
                    System.getProperty("inkflow.test.s3.secret-key", "minioadmin"));
        }
        if ("containers".equals(System.getProperty("inkflow.test.stack"))) {
            return ContainersTestStack.start();
        }
        return LocalTestStack.start();
    }
}
