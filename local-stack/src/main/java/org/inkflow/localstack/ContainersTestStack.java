package org.inkflow.localstack;

import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;

/** The {@code -Pcontainers} path for machines with Docker: Apache Kafka and MinIO containers. */
final class ContainersTestStack implements TestStack {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    private final KafkaContainer kafka;
    private final MinIOContainer minio;

    private ContainersTestStack(KafkaContainer kafka, MinIOContainer minio) {
        this.kafka = kafka;
        this.minio = minio;
    }

    static ContainersTestStack start() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        MinIOContainer minio = new MinIOContainer(MINIO_IMAGE);
        kafka.start();
        try {
            minio.start();
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
        return new ContainersTestStack(kafka, minio);
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String s3Endpoint() {
        return minio.getS3URL();
    }

    @Override
    public String s3AccessKey() {
        return minio.getUserName();
    }

    @Override
    public String s3SecretKey() {
        return minio.getPassword();
    }

    @Override
    public void close() {
        try {
            minio.stop();
        } finally {
            kafka.stop();
        }
    }
}
