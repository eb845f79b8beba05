package org.inkflow.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A real S3-API server: S3Proxy run as a child JVM (its jar brings Jackson 3, which must stay off our classpath),
 * bound to 127.0.0.1. Services talk to it only through the MinIO SDK, exactly as they would to MinIO.
 */
public final class S3ProxyServer implements AutoCloseable {

    /** Where objects live: in memory for tests, on disk for the demo. */
    public enum Storage {
        TRANSIENT("transient-nio2"),
        FILESYSTEM("filesystem-nio2");

        final String provider;

        Storage(String provider) {
            this.provider = provider;
        }
    }

    public static final String ACCESS_KEY = "inkflow";
    public static final String SECRET_KEY = "inkflow-local-secret";

    private final int port;
    private final Path config;
    private final Path workDir;
    private volatile ChildProcess process;

    private S3ProxyServer(ChildProcess process, int port, Path config, Path workDir) {
        this.process = process;
        this.port = port;
        this.config = config;
        this.workDir = workDir;
    }

    /**
     * Starts S3Proxy on {@code port} (0 picks a free one). {@code workDir} holds its config and log, and, for
     * {@link Storage#FILESYSTEM}, the objects under {@code workDir/data}.
     */
    public static S3ProxyServer start(int port, Storage storage, Path workDir) {
        int actualPort = port == 0 ? FreePorts.next() : port;
        try {
            Files.createDirectories(workDir);
            Path data = Files.createDirectories(workDir.resolve("data"));
            Properties props = new Properties();
            props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + actualPort);
            props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            props.setProperty("s3proxy.identity", ACCESS_KEY);
            props.setProperty("s3proxy.credential", SECRET_KEY);
            props.setProperty("jclouds.provider", storage.provider);
            props.setProperty("jclouds.identity", ACCESS_KEY);
            props.setProperty("jclouds.credential", SECRET_KEY);
            props.setProperty("jclouds.filesystem.basedir", data.toString());
            Path config = workDir.resolve("s3proxy.properties");
            try (var out = Files.newOutputStream(config)) {
                props.store(out, "written by inkflow local-stack");
            }
            return new S3ProxyServer(launch(config, actualPort, workDir), actualPort, config, workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare S3Proxy in " + workDir, e);
        }
    }

    private static ChildProcess launch(Path config, int port, Path workDir) {
        ChildProcess child = ChildProcess.start("s3proxy", List.of(locateJar().toString()),
                "org.gaul.s3proxy.Main", List.of("--properties", config.toString()),
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                workDir.resolve("s3proxy.log"));
        child.awaitReady(() -> ChildProcess.portOpen(port), Duration.ofSeconds(60));
        return child;
    }

    // ---- fault controls (tests): the process is real, so these are what an outage looks like to a client

    /** SIGSTOP: the port still accepts connections but nothing answers, as with a hung server. */
    public void pause() {
        process.pause();
    }

    /** SIGCONT after {@link #pause()}: requests that hung are answered. */
    public void resume() {
        process.resume();
    }

    /** SIGKILL: connections are refused until {@link #restart()}. Objects survive only with {@link Storage#FILESYSTEM}. */
    public void kill() {
        process.kill();
    }

    /**
     * Starts the server again on the same port, with the same configuration and data directory (kills it first if
     * it still runs), and waits until the port answers.
     */
    public synchronized void restart() {
        ChildProcess old = process;
        old.kill();
        old.close();
        process = launch(config, port, workDir);
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * The S3Proxy jar-with-dependencies in the local Maven repository (local-stack's pom makes Maven fetch it).
     * {@code -Dinkflow.s3proxy.jar} points elsewhere.
     */
    static Path locateJar() {
        String explicit = System.getProperty("inkflow.s3proxy.jar");
        if (explicit != null && !explicit.isBlank()) {
            return requireFile(Path.of(explicit));
        }
        String version = bundledProperty("s3proxy.version");
        String repo = firstNonBlank(System.getProperty("inkflow.maven.repo"), System.getProperty("maven.repo.local"),
                System.getenv("INKFLOW_MAVEN_REPO"),
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        return requireFile(Path.of(repo, "org", "gaul", "s3proxy", version,
                "s3proxy-" + version + "-jar-with-dependencies.jar"));
    }

    private static Path requireFile(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar
                    + "; run ./mvnw -pl local-stack dependency:resolve or set -Dinkflow.s3proxy.jar");
        }
        return jar;
    }

    static String bundledProperty(String key) {
        try (InputStream in = S3ProxyServer.class.getResourceAsStream("/inkflow-local-stack.properties")) {
            Properties props = new Properties();
            props.load(in);
            return props.getProperty(key);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("inkflow-local-stack.properties is missing from the classpath", e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        throw new IllegalArgumentException("no value");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
