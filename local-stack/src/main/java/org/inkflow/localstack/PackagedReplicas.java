package org.inkflow.localstack;

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Replicas of one packaged service ({@code target/quarkus-app/quarkus-run.jar}) as separate JVMs on a real broker
 * and S3, for the scale-out tests: each replica on its own loopback port with the stack's endpoints, the test's
 * bucket, the topics' partition count and the test credentials; its log and work folders in one temporary folder
 * that {@link #close()} deletes with the processes. The test kills (SIGKILL) or stops (SIGTERM) replicas through
 * {@link Replica#process()} and watches ownership through the consumer group ({@link #awaitShared}) and through what
 * a replica's own metrics mention ({@link #mentions}).
 */
public final class PackagedReplicas implements AutoCloseable {

    /** One replica: its name (and log file), HTTP port and process. */
    public record Replica(String name, int port, ChildProcess process) {
        public String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final TestStack stack;
    private final Path jar;
    private final String bucket;
    private final int partitions;
    private final String operatorKey;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Replica> replicas = new ArrayList<>();

    /**
     * @param jar        the packaged service; fails with a clear message when the module was not packaged first
     * @param partitions the partition count the services create their topics with ({@code inkflow.kafka.partitions})
     */
    public PackagedReplicas(TestStack stack, Path jar, String bucket, int partitions) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: these tests run the packaged service, after package"
                    + " (mvn verify)");
        }
        this.stack = stack;
        this.jar = jar.toAbsolutePath();
        this.bucket = bucket;
        this.partitions = partitions;
        this.operatorKey = TestCredentials.get().operatorKey();
        try {
            this.dir = Files.createTempDirectory("packaged-replicas");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a replica named {@code name} (it does not wait for readiness: {@link #awaitReady}); {@code env} adds to
     * or overrides the common environment.
     */
    public Replica start(String name, Map<String, String> env, String maxHeap) {
        int port = FreePorts.next();
        Map<String, String> all = new HashMap<>();
        all.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        all.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        all.put("INKFLOW_S3_ENDPOINT", stack.s3Endpoint());
        all.put("INKFLOW_S3_ACCESS_KEY", stack.s3AccessKey());
        all.put("INKFLOW_S3_SECRET_KEY", stack.s3SecretKey());
        all.put("INKFLOW_S3_BUCKET", bucket);
        all.put("INKFLOW_KAFKA_PARTITIONS", String.valueOf(partitions));
        all.putAll(TestCredentials.get().environment());
        all.putAll(env);
        List<String> jvm = new ArrayList<>(JVM);
        jvm.add(0, "-Xmx" + maxHeap);
        ChildProcess process = ChildProcess.start(name, List.of(jar.toString()),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint", List.of(), jvm, all, dir.resolve(name + ".log"));
        Replica replica = new Replica(name, port, process);
        replicas.add(replica);
        return replica;
    }

    /** A folder of this harness's own for {@code name} (a replica's work directory), created on first use. */
    public Path folder(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every replica started so far, in start order (killed ones included). */
    public List<Replica> all() {
        return List.copyOf(replicas);
    }

    /** Waits until {@code replica} answers ready, failing early (with its log's path) if it dies first. */
    public void awaitReady(Replica replica, Duration timeout) {
        replica.process().awaitReady(() -> status(replica.url("/q/health/ready")) == 200, timeout);
    }

    /**
     * Waits until {@code members} live replicas of consumer group {@code group} each own at least one partition of
     * {@code topic}, and all its {@link #partitions} are assigned: the state a test needs before it submits work
     * whose owner it then kills.
     */
    public void awaitShared(String group, String topic, int members, Duration timeout) {
        ConsumerGroups.awaitShared(stack.kafkaBootstrapServers(), group, topic, members, partitions, timeout);
    }

    /**
     * Whether {@code replica} is alive and its {@code /q/metrics} mention {@code text}: a unit of work's gauges (a
     * label such as {@code job="<id>"}) exist only on the replica that started it, which is how a test tells the
     * owner without asking the service.
     */
    public boolean mentions(Replica replica, String text) {
        if (!replica.process().isAlive()) {
            return false;
        }
        try {
            HttpResponse<String> metrics = get(replica, "/q/metrics");
            return metrics.statusCode() == 200 && metrics.body().contains(text);
        } catch (UncheckedIOException e) {
            return false; // dying or not yet listening
        }
    }

    /** {@code GET path} on {@code replica}, without credentials (reads are open). */
    public HttpResponse<String> get(Replica replica, String path) {
        return send(HttpRequest.newBuilder(URI.create(replica.url(path))).timeout(Duration.ofSeconds(5)).build());
    }

    /** {@code POST path} with a JSON body as the operator. */
    public HttpResponse<String> post(Replica replica, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(replica.url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-API-Key", operatorKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.uri(), e);
        }
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Stops every replica (SIGTERM, then SIGKILL) and deletes their logs and folders. */
    @Override
    public void close() {
        replicas.forEach(r -> r.process().close());
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
