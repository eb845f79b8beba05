package org.inkflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker in KRaft mode as its own process (for the demo): {@code kafka.tools.StorageTool format}
 * once, then {@code kafka.Kafka server.properties}, from the kafka_2.13 artifacts on this JVM's classpath.
 * Its log directory survives restarts, so a second demo finds its topics again. {@link #startSaslSsl} starts one
 * whose only client listener is SASL_SSL with SCRAM-SHA-512, as production clusters (Strimzi) are set up.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final int port;
    private final KafkaClientSecurity security;
    private final Path config;
    private final Path log;
    private volatile ChildProcess process;

    private KafkaBrokerProcess(ChildProcess process, int port, KafkaClientSecurity security, Path config, Path log) {
        this.process = process;
        this.port = port;
        this.security = security;
        this.config = config;
        this.log = log;
    }

    /** A PLAINTEXT broker on 127.0.0.1:{@code port}. */
    public static KafkaBrokerProcess start(int port, Path workDir) {
        return start(port, workDir, null);
    }

    /**
     * A broker on 127.0.0.1:{@code port} that speaks SASL_SSL only (its controller listener is loopback PLAINTEXT):
     * a certificate made now ({@link BrokerCertificates}), and SCRAM-SHA-512 users written into the fresh storage by
     * {@code format --add-scram}, one for the broker itself and one for clients ({@link #clientSecurity()}).
     * {@code workDir} must be new: the users exist only in a freshly formatted log directory.
     */
    public static KafkaBrokerProcess startSaslSsl(int port, Path workDir) {
        BrokerCertificates certificates = BrokerCertificates.generate(workDir.resolve("tls"));
        return start(port, workDir, new KafkaClientSecurity("inkflow", BrokerCertificates.randomSecret(), certificates));
    }

    private static final List<String> BROKER_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-Dlog4j2.level=WARN");

    private static KafkaBrokerProcess start(int port, Path workDir, KafkaClientSecurity security) {
        int controllerPort = FreePorts.next();
        String listener = security == null ? "PLAINTEXT" : "SASL_SSL";
        String brokerPassword = BrokerCertificates.randomSecret();
        try {
            Path logDir = workDir.resolve("kafka-logs");
            Files.createDirectories(workDir);
            Properties props = new Properties();
            props.setProperty("process.roles", "broker,controller");
            props.setProperty("node.id", "1");
            props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.setProperty("listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.setProperty("advertised.listeners", listener + "://127.0.0.1:" + port);
            props.setProperty("controller.listener.names", "CONTROLLER");
            props.setProperty("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
            props.setProperty("inter.broker.listener.name", listener);
            if (security != null) {
                BrokerCertificates tls = security.certificates();
                props.setProperty("sasl.enabled.mechanisms", KafkaClientSecurity.MECHANISM);
                props.setProperty("sasl.mechanism.inter.broker.protocol", KafkaClientSecurity.MECHANISM);
                props.setProperty("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                        KafkaClientSecurity.jaasConfig("broker", brokerPassword));
                props.setProperty("ssl.keystore.type", "PKCS12");
                props.setProperty("ssl.keystore.location", tls.keystore().toString());
                props.setProperty("ssl.keystore.password", tls.keystorePassword());
                props.setProperty("ssl.key.password", tls.keystorePassword());
                props.setProperty("ssl.truststore.type", "PKCS12");
                props.setProperty("ssl.truststore.location", tls.truststore().toString());
                props.setProperty("ssl.truststore.password", tls.truststorePassword());
            }
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
            List<String> jvm = BROKER_JVM;
            Path log = workDir.resolve("kafka.log");
            if (security != null && Files.exists(logDir.resolve("meta.properties"))) {
                throw new IllegalStateException(logDir + " is already formatted, so the new SCRAM users would be missing;"
                        + " start a SASL_SSL broker in a new directory");
            }
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                List<String> format = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(),
                        "-c", config.toString(), "--ignore-formatted"));
                if (security != null) {
                    format.addAll(List.of("--add-scram", scram("broker", brokerPassword),
                            "--add-scram", scram(security.username(), security.password())));
                }
                try (ChildProcess formatting = ChildProcess.start("kafka-storage-format", classpath, "kafka.tools.StorageTool",
                        format, jvm, log)) {
                    int code = formatting.awaitExit(Duration.ofSeconds(120));
                    if (code != 0) {
                        throw new IllegalStateException("kafka storage format failed with code " + code + "; see " + log);
                    }
                }
            }
            return new KafkaBrokerProcess(launch(config, port, log), port, security, config, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the Kafka broker in " + workDir, e);
        }
    }

    private static ChildProcess launch(Path config, int port, Path log) {
        List<String> classpath = Arrays.asList(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
        ChildProcess broker = ChildProcess.start("kafka", classpath, "kafka.Kafka", List.of(config.toString()), BROKER_JVM, log);
        broker.awaitReady(() -> ChildProcess.portOpen(port), Duration.ofSeconds(120));
        return broker;
    }

    // ---- fault controls (tests): the broker is a real process, so these are real outages

    /** A clean shutdown (SIGTERM: the broker closes its logs and leaves the quorum), waiting up to 60 s. */
    public void stop() {
        process.stop(Duration.ofSeconds(60));
    }

    /** SIGKILL: the broker dies mid-write; its log directory is recovered at the next start. */
    public void kill() {
        process.kill();
    }

    /**
     * Starts the broker again with the same configuration, ports and log directory (stopping it cleanly first if it
     * still runs), and waits until its port answers: topics, records and committed offsets are all still there.
     */
    public synchronized void restart() {
        ChildProcess old = process;
        old.stop(Duration.ofSeconds(60));
        old.close();
        process = launch(config, port, log);
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The client user and truststore of a {@link #startSaslSsl} broker; empty for a PLAINTEXT one. */
    public Optional<KafkaClientSecurity> clientSecurity() {
        return Optional.ofNullable(security);
    }

    private static String scram(String user, String password) {
        return KafkaClientSecurity.MECHANISM + "=[name=" + user + ",password=" + password + "]";
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
