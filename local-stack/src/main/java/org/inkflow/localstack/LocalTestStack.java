package org.inkflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The default test stack: an in-JVM KRaft broker and an in-memory S3Proxy child process, both on 127.0.0.1.
 * {@link #startSaslSsl()} swaps the broker for one in its own process that speaks SASL_SSL only.
 */
public final class LocalTestStack implements TestStack {

    /** The broker part of a stack: its address, the security a client needs (if any), and how to stop it. */
    private record Kafka(String bootstrapServers, Optional<KafkaClientSecurity> security, AutoCloseable broker) {
    }

    private final Kafka kafka;
    private final S3ProxyServer s3;
    private final Path workDir;

    private LocalTestStack(Kafka kafka, S3ProxyServer s3, Path workDir) {
        this.kafka = kafka;
        this.s3 = s3;
        this.workDir = workDir;
    }

    public static LocalTestStack start() {
        return start(dir -> {
            KafkaBroker broker = KafkaBroker.start(0);
            return new Kafka(broker.bootstrapServers(), Optional.empty(), broker);
        });
    }

    /** SCRAM-SHA-512 over TLS ({@link KafkaBrokerProcess#startSaslSsl}); see {@link #kafkaClientProperties()}. */
    public static LocalTestStack startSaslSsl() {
        return start(dir -> {
            KafkaBrokerProcess broker = KafkaBrokerProcess.startSaslSsl(FreePorts.next(), dir.resolve("kafka"));
            return new Kafka(broker.bootstrapServers(), broker.clientSecurity(), broker);
        });
    }

    private static LocalTestStack start(Function<Path, Kafka> kafka) {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("inkflow-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        S3ProxyServer s3 = S3ProxyServer.start(0, S3ProxyServer.Storage.TRANSIENT, workDir.resolve("s3"));
        try {
            return new LocalTestStack(kafka.apply(workDir), s3, workDir);
        } catch (RuntimeException e) {
            s3.close();
            WorkDirs.deleteRecursively(workDir);
            throw e;
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public Map<String, String> quarkusProperties() {
        Map<String, String> props = new HashMap<>(TestStack.super.quarkusProperties());
        kafka.security().ifPresent(s -> props.putAll(s.quarkusProperties()));
        return props;
    }

    @Override
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> props = new HashMap<>(TestStack.super.kafkaClientProperties());
        kafka.security().ifPresent(s -> props.putAll(s.clientProperties()));
        return props;
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

    public long s3ProxyPid() {
        return s3.pid();
    }

    @Override
    public void close() {
        try {
            kafka.broker().close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the Kafka broker: " + e.getMessage(), e);
        } finally {
            s3.close();
            WorkDirs.deleteRecursively(workDir);
        }
    }
}
