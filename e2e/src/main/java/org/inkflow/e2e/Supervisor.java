package org.inkflow.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.inkflow.localstack.ChildProcess;

/**
 * Keeps the platform's service processes running as Kubernetes would: a process that exits while supervision is on
 * is started again after a {@link RestartBackoff} delay; each restart is logged, counted, and the counts written to
 * {@code restarts.properties} in the state folder. {@link #close()} stops supervision first, then the processes, so
 * nothing is restarted during shutdown.
 */
public final class Supervisor implements AutoCloseable {

    private final Map<String, Supervised> services = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "inkflow-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final RestartBackoff policy;
    private final Clock clock;
    private final Path stateFile;
    private final Consumer<String> log;
    private volatile boolean stopping;
    private volatile Runnable changed = () -> { };

    public Supervisor(RestartBackoff policy, Clock clock, Path stateDir, Consumer<String> log) {
        this.policy = policy;
        this.clock = clock;
        this.stateFile = stateDir.resolve("restarts.properties");
        this.log = log;
    }

    private final class Supervised {
        final String name;
        final Supplier<ChildProcess> start;
        final RestartBackoff backoff = policy.copy();
        volatile ChildProcess current;
        volatile Instant startedAt;
        volatile int restartCount;
        volatile boolean released;

        Supervised(String name, Supplier<ChildProcess> start) {
            this.name = name;
            this.start = start;
        }

        void launch() {
            current = start.get();
            startedAt = clock.instant();
            ChildProcess watched = current;
            watched.onExit().thenAccept(code -> exited(watched, code));
            changed.run();
        }

        void exited(ChildProcess process, int code) {
            changed.run();
            if (stopping || released) {
                return;
            }
            Duration delay = backoff.delayAfterExit(startedAt, clock.instant());
            int restart;
            synchronized (this) {
                restart = ++restartCount;
            }
            log.accept("inkflow: " + name + " exited with " + code + "; restarting in " + seconds(delay)
                    + " (restart " + restart + ")");
            process.close();
            writeState();
            schedule(delay);
        }

        void schedule(Duration delay) {
            try {
                restarts.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Supervision was closed between the exit and now: shutting down, no restart.
            }
        }

        void restart() {
            if (stopping || released) {
                return;
            }
            try {
                launch();
            } catch (RuntimeException e) {
                // A start that fails at once (the jar gone, say) is one more crash: back off and try again.
                log.accept("inkflow: could not restart " + name + ": " + e.getMessage());
                Duration delay = backoff.delayAfterExit(clock.instant(), clock.instant());
                schedule(delay);
            }
        }
    }

    /** Starts a process with {@code start} and restarts it with the same supplier whenever it exits. */
    public synchronized ChildProcess supervise(String name, Supplier<ChildProcess> start) {
        if (stopping) {
            throw new IllegalStateException("the supervisor is closed; cannot start " + name);
        }
        Supervised s = new Supervised(name, start);
        services.put(name, s);
        s.launch();
        writeState();
        return s.current;
    }

    /** Called after every start and exit of a supervised process (the platform rewrites its process list). */
    public void onChange(Runnable listener) {
        this.changed = listener;
    }

    /**
     * Stops supervising {@code name}: it is not restarted when it exits (a replica killed for good, as a node that is
     * gone). Returns its current process, still running.
     */
    public ChildProcess release(String name) {
        Supervised s = supervised(name);
        s.released = true;
        return s.current;
    }

    /** The process for {@code name}, if one was started under that name. */
    public Optional<ChildProcess> find(String name) {
        Supervised s = services.get(name);
        return s == null ? Optional.empty() : Optional.ofNullable(s.current);
    }

    private Supervised supervised(String name) {
        Supervised s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no supervised service named " + name + "; known: " + services.keySet());
        }
        return s;
    }

    /** The process running now for {@code name} (a new one after each restart). */
    public ChildProcess current(String name) {
        return supervised(name).current;
    }

    /** Restarts per service so far, in the order the services were started. */
    public synchronized Map<String, Integer> restartCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        services.values().forEach(s -> counts.put(s.name, s.restartCount));
        return counts;
    }

    private void writeState() {
        StringBuilder text = new StringBuilder("# restarts per service since the platform started\n");
        restartCounts().forEach((name, count) -> text.append(name).append('=').append(count).append('\n'));
        try {
            Files.createDirectories(stateFile.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + stateFile + ": " + e.getMessage(), e);
        }
        Platform.writeAtomically(stateFile, text.toString());
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        stopping = true;
        restarts.shutdownNow();
        List<Supervised> reverse;
        synchronized (this) {
            reverse = new ArrayList<>(services.values());
        }
        java.util.Collections.reverse(reverse);
        for (Supervised s : reverse) {
            ChildProcess p = s.current;
            if (p != null) {
                p.close();
            }
        }
    }
}
