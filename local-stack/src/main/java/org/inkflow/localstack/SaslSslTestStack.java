package org.inkflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A SASL_SSL Kafka broker ({@link KafkaBrokerProcess#startSaslSsl}, its own process) and an in-memory S3Proxy,
 * both on 127.0.0.1, in a temporary directory removed on close.
 */
public final class SaslSslTestStack implements TestStack {

    private final KafkaBrokerProcess kafka;
    private final KafkaClientSecurity security;
    private final S3ProxyServer s3;
    private final Path workDir;

    private SaslSslTestStack(KafkaBrokerProcess kafka, S3ProxyServer s3, Path workDir) {
        this.kafka = kafka;
        this.security = kafka.clientSecurity().orElseThrow();
        this.s3 = s3;
        this.workDir = workDir;
    }

    public static SaslSslTestStack start() {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("inkflow-sasl-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        S3ProxyServer s3 = S3ProxyServer.start(0, S3ProxyServer.Storage.TRANSIENT, workDir.resolve("s3"));
        try {
            return new SaslSslTestStack(KafkaBrokerProcess.startSaslSsl(FreePorts.next(), workDir.resolve("kafka")), s3, workDir);
        } catch (RuntimeException e) {
            s3.close();
            WorkDirs.deleteRecursively(workDir);
            throw e;
        }
    }

    public KafkaClientSecurity security() {
        return security;
    }

    @Override
    public Map<String, String> quarkusProperties() {
        Map<String, String> props = new HashMap<>(TestStack.super.quarkusProperties());
        props.putAll(security.quarkusProperties());
        return props;
    }

    @Override
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> props = new HashMap<>(TestStack.super.kafkaClientProperties());
        props.putAll(security.clientProperties());
        return props;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String s3Endpoint() {
        return s3.endpoint();
    }

    @Override
    public String s3AccessKey() {
        return S3ProxyServer.ACCESS_KEY;
    }

    @Override
    public String s3SecretKey() {
        return S3ProxyServer.SECRET_KEY;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            s3.close();
            WorkDirs.deleteRecursively(workDir);
        }
    }
}
