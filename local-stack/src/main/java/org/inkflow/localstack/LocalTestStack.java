package org.inkflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The default test stack: an in-JVM KRaft broker and an in-memory S3Proxy child process, both on 127.0.0.1. */
public final class LocalTestStack implements TestStack {

    private final KafkaBroker kafka;
    private final S3ProxyServer s3;
    private final Path workDir;

    private LocalTestStack(KafkaBroker kafka, S3ProxyServer s3, Path workDir) {
        this.kafka = kafka;
        this.s3 = s3;
        this.workDir = workDir;
    }

    public static LocalTestStack start() {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("inkflow-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        S3ProxyServer s3 = S3ProxyServer.start(0, S3ProxyServer.Storage.TRANSIENT, workDir.resolve("s3"));
        try {
            return new LocalTestStack(KafkaBroker.start(0), s3, workDir);
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
            kafka.close();
        } finally {
            s3.close();
            WorkDirs.deleteRecursively(workDir);
        }
    }
}
