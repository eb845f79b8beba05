package org.inkflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker in KRaft mode as its own process (for the demo): {@code kafka.tools.StorageTool format}
 * once, then {@code kafka.Kafka server.properties}, from the kafka_2.13 artifacts on this JVM's classpath.
 * Its log directory survives restarts, so a second demo finds its topics again.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private KafkaBrokerProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static KafkaBrokerProcess start(int port, Path workDir) {
        int controllerPort = FreePorts.next();
        try {
            Path logDir = workDir.resolve("kafka-logs");
            Files.createDirectories(workDir);
            Properties props = new Properties();
            props.setProperty("process.roles", "broker,controller");
            props.setProperty("node.id", "1");
            props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.setProperty("controller.listener.names", "CONTROLLER");
            props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.setProperty("inter.broker.listener.name", "PLAINTEXT");
            props.setProperty("log.dirs", logDir.toString());
            props.setProperty("num.partitions", "1");
            props.setProperty("auto.create.topics.enable", "true");
            props.setProperty("offsets.topic.replication.factor", "1");
            props.setProperty("transaction.state.log.replication.factor", "1");
            props.setProperty("transaction.state.log.min.isr", "1");
            props.setProperty("share.coordinator.state.topic.replication.factor", "1");
            props.setProperty("share.coordinator.state.topic.min.isr", "1");
            props.setProperty("group.initial.rebalance.delay.ms", "0");
            Path config = workDir.resolve("server.properties");
            try (var out = Files.newOutputStream(config)) {
                props.store(out, "written by inkflow local-stack");
            }
            List<String> classpath = Arrays.asList(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
            List<String> jvm = List.of("-Xmx512m", "-XX:+UseSerialGC", "-Dlog4j2.level=WARN");
            Path log = workDir.resolve("kafka.log");
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                try (ChildProcess format = ChildProcess.start("kafka-storage-format", classpath, "kafka.tools.StorageTool",
                        List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"),
                        jvm, log)) {
                    int code = format.awaitExit(Duration.ofSeconds(120));
                    if (code != 0) {
                        throw new IllegalStateException("kafka storage format failed with code " + code + "; see " + log);
                    }
                }
            }
            ChildProcess broker = ChildProcess.start("kafka", classpath, "kafka.Kafka", List.of(config.toString()), jvm, log);
            broker.awaitReady(() -> ChildProcess.portOpen(port), Duration.ofSeconds(120));
            return new KafkaBrokerProcess(broker, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the Kafka broker in " + workDir, e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
