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
 * services from their {@code target/quarkus-app} ({@link Settings#replicas()} processes of each, each on its own
 * port), and Prometheus when Debian's package is installed. Which process is which goes to
 * {@code <state>/processes.json} (service, replica, port, pid) whenever one starts or ends, so operators and tests can
 * find each one. Every process ends with {@link #close()}, with this JVM's shutdown hooks, or, if this JVM is killed,
 * by itself.
 */
public final class Platform implements AutoCloseable {

    /**
     * How to run it: where state lives, which ports, and per-service extra settings as environment variables and as
     * system properties (for names an environment variable cannot spell, such as map keys).
     */
    public record Settings(Path repoRoot, Path stateDir, boolean fixedPorts, boolean persistentS3,
                           Map<InkflowService, Map<String, String>> extraEnv,
                           Map<InkflowService, Map<String, String>> properties, Consumer<String> log,
                           int replicas, int partitions) {

        /** Processes per service, and the partitions every topic is created with ({@code inkflow.kafka.partitions}). */
        public Settings {
            if (replicas < 1 || replicas > MAX_REPLICAS) {
                throw new IllegalArgumentException("replicas must be 1 to " + MAX_REPLICAS + ", not " + replicas);
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be positive, not " + partitions);
            }
        }

        /** One process per service; topics with {@link #DEFAULT_PARTITIONS} partitions, so keys matter locally too. */
        public Settings(Path repoRoot, Path stateDir, boolean fixedPorts, boolean persistentS3,
                        Map<InkflowService, Map<String, String>> extraEnv,
                        Map<InkflowService, Map<String, String>> properties, Consumer<String> log) {
            this(repoRoot, stateDir, fixedPorts, persistentS3, extraEnv, properties, log, 1, DEFAULT_PARTITIONS);
        }

        public Settings withReplicas(int n) {
            return new Settings(repoRoot, stateDir, fixedPorts, persistentS3, extraEnv, properties, log, n, partitions);
        }
    }

    /** Partitions per topic unless set: 3, so that two or three replicas share every topic's work. */
    public static final int DEFAULT_PARTITIONS = 3;
    /** At most this many processes per service (the fixed ports of replica r are the default port + 100 (r - 1)). */
    public static final int MAX_REPLICAS = 4;
    /** The file naming every service process now: a JSON array of {service, replica, port, pid, alive}. */
    public static final String PROCESSES_FILE = "processes.json";

    /** One process of a service: replica 1, 2, ... with its own HTTP port (and, for inference, gRPC port). */
    public record Replica(InkflowService service, int number, int port, int grpcPort) {
        /** The supervisor's name for it, also its log file's: the module for replica 1, module-N after it. */
        public String name() {
            return number == 1 ? service.module() : service.module() + "-" + number;
        }

        public String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    private final Map<InkflowService, List<Replica>> replicas = new EnumMap<>(InkflowService.class);
    private final Settings settings;
    private String kafkaBootstrap;
    private String s3Endpoint;
    private S3ProxyServer s3;
    private KafkaBrokerProcess kafka;
    private Integer prometheusPort;
    private Path prometheusDir;
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
            replicas.put(service, new java.util.concurrent.CopyOnWriteArrayList<>());
            for (int r = 1; r <= settings.replicas(); r++) {
                replicas.get(service).add(newReplica(service, r));
            }
        }
        startPrometheus();
        // Added after the broker and S3 so that close() ends supervision (and the services) before them.
        supervisor = new Supervisor(RestartBackoff.DEFAULT, java.time.Clock.systemUTC(), state, settings.log());
        supervisor.onChange(this::writeProcesses);
        started.add(supervisor);
        for (InkflowService service : InkflowService.values()) {
            for (Replica replica : replicas.get(service)) {
                supervisor.supervise(replica.name(), () -> startService(replica));
            }
        }
        for (InkflowService service : InkflowService.values()) {
            for (Replica replica : replicas.get(service)) {
                awaitReady(replica);
            }
        }
    }

    private Replica newReplica(InkflowService service, int number) {
        boolean fixed = settings.fixedPorts();
        int port = fixed ? service.defaultPort() + 100 * (number - 1) : FreePorts.next();
        // Inference's gRPC server has a port of its own: 8001 (+100 per replica) on the demo's fixed ports.
        int grpc = service != InkflowService.INFERENCE ? 0 : fixed ? 8001 + 100 * (number - 1) : FreePorts.next();
        return new Replica(service, number, port, grpc);
    }

    private ChildProcess startService(Replica replica) {
        return serviceProcess(settings, replica, kafkaBootstrap, s3Endpoint);
    }

    /**
     * Starts one more process of {@code service} (scaling up, as {@code kubectl scale} would), supervised like the
     * others, and waits until it is ready (inference: live).
     */
    public Replica addReplica(InkflowService service) {
        List<Replica> list = replicas.get(service);
        Replica replica;
        synchronized (list) {
            int number = list.stream().mapToInt(Replica::number).max().orElse(0) + 1;
            if (number > MAX_REPLICAS) {
                throw new IllegalStateException(service.module() + " already has " + MAX_REPLICAS + " replicas");
            }
            replica = newReplica(service, number);
            list.add(replica);
        }
        writePrometheusTargets();
        supervisor.supervise(replica.name(), () -> startService(replica));
        awaitReady(replica);
        return replica;
    }

    /**
     * SIGKILLs one replica and leaves it dead (a node gone, no restart): the supervisor stops watching it first. The
     * other replicas are expected to take its work over.
     */
    public ChildProcess killReplica(Replica replica) {
        ChildProcess process = supervisor.release(replica.name());
        process.kill(); // SIGKILL, as kill -9: no shutdown hook runs, nothing is flushed or committed
        process.awaitExit(Duration.ofSeconds(30));
        writeProcesses();
        return process;
    }

    /** Starts one service's {@code target/quarkus-app} on 127.0.0.1:{@code port} against the given broker and S3. */
    static ChildProcess serviceProcess(Settings settings, InkflowService service, int port, String kafkaBootstrap,
                                       String s3Endpoint) {
        int grpc = service != InkflowService.INFERENCE ? 0 : settings.fixedPorts() ? 8001 : FreePorts.next();
        return serviceProcess(settings, new Replica(service, 1, port, grpc), kafkaBootstrap, s3Endpoint);
    }

    /** Starts one replica's process: its ports, its own log file ({@code logs/<name>.log}). */
    static ChildProcess serviceProcess(Settings settings, Replica replica, String kafkaBootstrap, String s3Endpoint) {
        InkflowService service = replica.service();
        int port = replica.port();
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
        env.put("INKFLOW_KAFKA_PARTITIONS", String.valueOf(settings.partitions()));
        // Off by default outside dev mode; the local platform is for trying the APIs, so /q/swagger-ui is served.
        env.put("QUARKUS_SWAGGER_UI_ENABLED", "true");
        if (service == InkflowService.INFERENCE) {
            env.put("INKFLOW_INFERENCE_GRPC_PORT", String.valueOf(replica.grpcPort()));
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
        Path log = settings.stateDir().resolve("logs").resolve(replica.name() + ".log");
        settings.log().accept("starting " + replica.name() + " on http://127.0.0.1:" + port + " (log " + log + ")");
        return ChildProcess.start(replica.name(), List.of(app.toString()),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of(), jvm, env, log);
    }

    private void awaitReady(Replica replica) {
        ChildProcess process = supervisor.current(replica.name());
        // Inference is ready only once a model is loaded, which comes at the end of the pipeline: wait for live.
        boolean inference = replica.service() == InkflowService.INFERENCE;
        String probe = inference ? "/q/health/live" : "/q/health/ready";
        // N replicas of every service start at once on the same cores: their start-up takes about N times longer.
        process.awaitReady(() -> httpStatus(replica.url(probe)) == 200, Duration.ofMinutes(3L * settings.replicas()));
        settings.log().accept(replica.name() + (inference ? " is live (ready once a model is promoted)" : " is ready"));
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
        // Targets from files Prometheus re-reads, so a replica added later is scraped too.
        config.append("scrape_configs:\n");
        for (InkflowService service : InkflowService.values()) {
            config.append("  - job_name: ").append(service.module()).append('\n')
                    .append("    metrics_path: /q/metrics\n")
                    .append("    file_sd_configs:\n")
                    .append("      - files: ['").append(dir.resolve("targets-" + service.module() + ".json")).append("']\n")
                    .append("        refresh_interval: 5s\n");
        }
        prometheusDir = dir;
        writePrometheusTargets();
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

    /** Prometheus' file-discovered targets: every replica of each service, labelled with service and replica. */
    private synchronized void writePrometheusTargets() {
        if (prometheusDir == null) {
            return;
        }
        for (InkflowService service : InkflowService.values()) {
            List<Map<String, Object>> groups = new ArrayList<>();
            for (Replica r : replicas.get(service)) {
                groups.add(Map.of("targets", List.of("127.0.0.1:" + r.port()),
                        "labels", Map.of("service", service.module(), "replica", String.valueOf(r.number()))));
            }
            writeAtomically(prometheusDir.resolve("targets-" + service.module() + ".json"), json(groups));
        }
    }

    /** {@code processes.json}: each replica's service, number, ports, pid now (0 before it started) and liveness. */
    private synchronized void writeProcesses() {
        if (supervisor == null) {
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (InkflowService service : InkflowService.values()) {
            for (Replica r : replicas.getOrDefault(service, List.of())) {
                Optional<ChildProcess> p = supervisor.find(r.name());
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("service", service.module());
                row.put("replica", r.number());
                row.put("port", r.port());
                if (r.grpcPort() > 0) {
                    row.put("grpcPort", r.grpcPort());
                }
                row.put("pid", p.map(ChildProcess::pid).orElse(0L));
                row.put("alive", p.map(ChildProcess::isAlive).orElse(false));
                row.put("url", r.url("/"));
                rows.add(row);
            }
        }
        writeAtomically(settings.stateDir().resolve(PROCESSES_FILE), json(rows));
    }

    private static String json(Object value) {
        try {
            return org.inkflow.common.events.EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code file} through a temporary sibling and an atomic move, so a reader never sees half of it. */
    static void writeAtomically(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
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

    /** {@code path} on a live replica of {@code service} (the first one alive; any replica answers REST). */
    public String url(InkflowService service, String path) {
        return live(service).url(path);
    }

    public int port(InkflowService service) {
        return live(service).port();
    }

    /** Every replica of {@code service} started so far, alive or killed, in order. */
    public List<Replica> replicas(InkflowService service) {
        return List.copyOf(replicas.get(service));
    }

    /** The first replica of {@code service} whose process is alive (the first one if none is). */
    public Replica live(InkflowService service) {
        List<Replica> list = replicas.get(service);
        return list.stream().filter(this::alive).findFirst().orElse(list.get(0));
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

    /** The process running {@code service}'s first replica now: a new one (another pid) after each restart. */
    public ChildProcess process(InkflowService service) {
        return supervisor.current(service.module());
    }

    /** Whether {@code replica}'s process has started and not ended (a frozen one is alive). */
    public boolean alive(Replica replica) {
        return supervisor.find(replica.name()).map(ChildProcess::isAlive).orElse(false);
    }

    /** The process running {@code replica} now. */
    public ChildProcess process(Replica replica) {
        return supervisor.current(replica.name());
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
