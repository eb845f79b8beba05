package org.inkflow.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.inkflow.localstack.ChildProcess;
import org.inkflow.localstack.FreePorts;
import org.inkflow.localstack.KafkaBrokerProcess;
import org.inkflow.localstack.S3ProxyServer;

/**
 * The whole platform on this machine, every part its own process on 127.0.0.1: a Kafka broker, S3Proxy, the five
 * services from their {@code target/quarkus-app}, and Prometheus when Debian's package is installed. Every process
 * ends with {@link #close()}, with this JVM's shutdown hooks, or, if this JVM is killed, by itself.
 */
public final class Platform implements AutoCloseable {

    /**
     * How to run it: where state lives, which ports, and per-service extra settings as environment variables and as
     * system properties (for names an environment variable cannot spell, such as map keys).
     */
    public record Settings(Path repoRoot, Path stateDir, boolean fixedPorts, boolean persistentS3,
                           Map<InkflowService, Map<String, String>> extraEnv,
                           Map<InkflowService, Map<String, String>> properties, Consumer<String> log) {
    }

    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    private final Map<InkflowService, Integer> ports = new EnumMap<>(InkflowService.class);
    private final Settings settings;
    private String kafkaBootstrap;
    private String s3Endpoint;
    private S3ProxyServer s3;
    private KafkaBrokerProcess kafka;
    private Integer prometheusPort;
    private Supervisor supervisor;
    private PlatformKeys keys;

    private Platform(Settings settings) {
        this.settings = settings;
    }

    public static Platform start(Settings settings) {
        Platform platform = new Platform(settings);
        try {
            platform.startAll();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void startAll() {
        Path state = settings.stateDir();
        mkdirs(state.resolve("logs"));
        // Authentication is on in every service: fresh keys per start; the driver (Api) calls as the operator.
        keys = PlatformKeys.generate(state);
        Api.useKey(keys.operator());
        settings.log().accept("starting S3Proxy and a Kafka broker (KRaft) under " + state);
        s3 = S3ProxyServer.start(settings.fixedPorts() ? 9000 : 0,
                settings.persistentS3() ? S3ProxyServer.Storage.FILESYSTEM : S3ProxyServer.Storage.TRANSIENT,
                state.resolve("s3"));
        started.add(s3);
        s3Endpoint = s3.endpoint();
        kafka = KafkaBrokerProcess.start(settings.fixedPorts() ? 9092 : FreePorts.next(), state.resolve("kafka"));
        started.add(kafka);
        kafkaBootstrap = kafka.bootstrapServers();

        for (InkflowService service : InkflowService.values()) {
            ports.put(service, settings.fixedPorts() ? service.defaultPort() : FreePorts.next());
        }
        startPrometheus();
        // Added after the broker and S3 so that close() ends supervision (and the services) before them.
        supervisor = new Supervisor(RestartBackoff.DEFAULT, java.time.Clock.systemUTC(), state, settings.log());
        started.add(supervisor);
        for (InkflowService service : InkflowService.values()) {
            supervisor.supervise(service.module(), () -> startService(service));
        }
        for (InkflowService service : InkflowService.values()) {
            awaitReady(service);
        }
    }

    private ChildProcess startService(InkflowService service) {
        return serviceProcess(settings, service, ports.get(service), kafkaBootstrap, s3Endpoint);
    }

    /** Starts one service's {@code target/quarkus-app} on 127.0.0.1:{@code port} against the given broker and S3. */
    static ChildProcess serviceProcess(Settings settings, InkflowService service, int port, String kafkaBootstrap,
                                       String s3Endpoint) {
        Path app = settings.repoRoot().resolve(service.module()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(app)) {
            throw new IllegalStateException(app + " is missing; build first: ./mvnw install -DskipTests");
        }
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("INKFLOW_S3_ENDPOINT", s3Endpoint);
        env.put("INKFLOW_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
        env.put("INKFLOW_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY);
        // Off by default outside dev mode; the local platform is for trying the APIs, so /q/swagger-ui is served.
        env.put("QUARKUS_SWAGGER_UI_ENABLED", "true");
        if (service == InkflowService.INFERENCE) {
            // Its gRPC server has a port of its own: the default 8001 on the demo's fixed ports, else a free one.
            env.put("INKFLOW_INFERENCE_GRPC_PORT", String.valueOf(settings.fixedPorts() ? 8001 : FreePorts.next()));
        }
        PlatformKeys keys = PlatformKeys.readOrGenerate(settings.stateDir());
        env.put("INKFLOW_AUTH_OPERATOR_KEYS", keys.operator());
        env.put("INKFLOW_AUTH_CONSUMER_KEYS", keys.consumer());
        env.putAll(settings.extraEnv().getOrDefault(service, Map.of()));
        // Serial GC: five JVMs share two cores, and none needs a parallel collector.
        // -Dinkflow.state names the process as ours, so `./inkflow stop` can find any that outlived its parent.
        List<String> jvm = new ArrayList<>(List.of(service == InkflowService.TRAINER ? "-Xmx2g" : "-Xmx768m",
                "-XX:+UseSerialGC", "-Dinkflow.state=" + settings.stateDir() + "/"));
        settings.properties().getOrDefault(service, Map.of()).forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        Path log = settings.stateDir().resolve("logs").resolve(service.module() + ".log");
        settings.log().accept("starting " + service.module() + " on http://127.0.0.1:" + port + " (log " + log + ")");
        return ChildProcess.start(service.module(), List.of(app.toString()),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of(), jvm, env, log);
    }

    private void awaitReady(InkflowService service) {
        ChildProcess process = supervisor.current(service.module());
        // Inference is ready only once a model is loaded, which comes at the end of the pipeline: wait for live.
        String probe = service == InkflowService.INFERENCE ? "/q/health/live" : "/q/health/ready";
        process.awaitReady(() -> httpStatus(url(service, probe)) == 200, Duration.ofMinutes(3));
        settings.log().accept(service.module() + (service == InkflowService.INFERENCE ? " is live (ready once a model is promoted)" : " is ready"));
    }

    private void startPrometheus() {
        Optional<Path> binary = findOnPath("prometheus");
        if (binary.isEmpty()) {
            settings.log().accept("Prometheus is not installed, so no metrics are collected: sudo apt-get install prometheus");
            return;
        }
        int port = settings.fixedPorts() ? 9090 : FreePorts.next();
        Path dir = settings.stateDir().resolve("prometheus");
        mkdirs(dir.resolve("data"));
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 5s
                  evaluation_interval: 5s
                rule_files:
                """);
        Path alerts = settings.repoRoot().resolve("grafana/alerts");
        if (Files.isDirectory(alerts)) {
            config.append("  - ").append(alerts.toAbsolutePath()).append("/*.yaml\n");
        }
        config.append("scrape_configs:\n");
        for (InkflowService service : InkflowService.values()) {
            config.append("  - job_name: ").append(service.module()).append('\n')
                    .append("    metrics_path: /q/metrics\n")
                    .append("    static_configs:\n")
                    .append("      - targets: ['127.0.0.1:").append(ports.get(service)).append("']\n")
                    .append("        labels: {service: ").append(service.module()).append("}\n");
        }
        try {
            Files.writeString(dir.resolve("prometheus.yml"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess prometheus = ChildProcess.startNative("prometheus", List.of(binary.get().toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-lifecycle"), Map.of(), settings.stateDir().resolve("logs/prometheus.log"));
        started.add(prometheus);
        prometheus.awaitReady(() -> ChildProcess.portOpen(port), Duration.ofSeconds(60));
        prometheusPort = port;
        settings.log().accept("Prometheus on http://127.0.0.1:" + port);
    }

    static Optional<Path> findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public String url(InkflowService service, String path) {
        return "http://127.0.0.1:" + ports.get(service) + path;
    }

    public int port(InkflowService service) {
        return ports.get(service);
    }

    /** The API keys the services accept (also in {@code <state>/operator.key} and {@code consumer.key}). */
    public PlatformKeys keys() {
        return keys;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    public String s3Endpoint() {
        return s3Endpoint;
    }

    /** The S3 server process, for fault tests (pause, kill, restart). */
    public S3ProxyServer s3Server() {
        return s3;
    }

    /** The Kafka broker process, for fault tests (stop, kill, restart with the same log directory). */
    public KafkaBrokerProcess kafkaBroker() {
        return kafka;
    }

    public Optional<String> prometheusUrl() {
        return Optional.ofNullable(prometheusPort).map(p -> "http://127.0.0.1:" + p);
    }

    /** The process running {@code service} now: a new one (another pid) after each restart by the supervisor. */
    public ChildProcess process(InkflowService service) {
        return supervisor.current(service.module());
    }

    /** Restarts per service module since the platform started (also in {@code restarts.properties}). */
    public Map<String, Integer> restartCounts() {
        return supervisor == null ? Map.of() : supervisor.restartCounts();
    }

    public Path logDir() {
        return settings.stateDir().resolve("logs");
    }

    static int httpStatus(String url) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        for (AutoCloseable c : reverse) {
            try {
                c.close();
            } catch (Exception e) {
                settings.log().accept("while stopping: " + e.getMessage());
            }
        }
        started.clear();
    }
}
