package org.inkflow.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the demo's infrastructure in the foreground: a Kafka broker process and an S3Proxy process storing under
 * the given folder, both on 127.0.0.1. Ends both when it is stopped (SIGTERM, Ctrl-C) or killed.
 *
 * <p>Usage: {@code LocalStackMain <dir> [kafkaPort] [s3Port]}; writes {@code <dir>/stack.env} once both are up.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LocalStackMain <dir> [kafkaPort=9092] [s3Port=9000]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        int kafkaPort = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        int s3Port = args.length > 2 ? Integer.parseInt(args[2]) : 9000;
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("stack.env"));

        S3ProxyServer s3 = S3ProxyServer.start(s3Port, S3ProxyServer.Storage.FILESYSTEM, dir.resolve("s3"));
        KafkaBrokerProcess kafka;
        try {
            kafka = KafkaBrokerProcess.start(kafkaPort, dir.resolve("kafka"));
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            s3.close();
            stopped.countDown();
        }, "local-stack-stop"));
        Files.writeString(dir.resolve("stack.env"), String.join("\n",
                "KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers(),
                "INKFLOW_S3_ENDPOINT=" + s3.endpoint(),
                "INKFLOW_S3_ACCESS_KEY=" + S3ProxyServer.ACCESS_KEY,
                "INKFLOW_S3_SECRET_KEY=" + S3ProxyServer.SECRET_KEY,
                "KAFKA_PID=" + kafka.pid(),
                "S3PROXY_PID=" + s3.pid(), ""));
        System.out.println("local-stack ready: kafka " + kafka.bootstrapServers() + ", s3 " + s3.endpoint());
        stopped.await();
    }
}
