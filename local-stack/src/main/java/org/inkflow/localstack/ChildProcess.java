package org.inkflow.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A JVM child process started through {@link ChildLauncher}: ended on {@link #close()}, by a shutdown hook when
 * this JVM exits normally, and by the launcher's parent-death check when this JVM is killed.
 */
public final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;
    private volatile boolean paused;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.shutdownHook = new Thread(this::destroy, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code mainClass} in a new JVM with the given classpath; output goes to {@code log}.
     */
    public static ChildProcess start(String name, List<String> classpath, String mainClass, List<String> args,
                                     List<String> jvmOptions, Path log) {
        return start(name, classpath, mainClass, args, jvmOptions, java.util.Map.of(), log);
    }

    /** As {@link #start(String, List, String, List, List, Path)}, with extra environment variables. */
    public static ChildProcess start(String name, List<String> classpath, String mainClass, List<String> args,
                                     List<String> jvmOptions, java.util.Map<String, String> env, Path log) {
        List<String> cp = new ArrayList<>(classpath);
        cp.add(launcherLocation());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, cp));
        command.add(ChildLauncher.class.getName());
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        try {
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts a non-Java program ({@code command}) so that it, too, ends when this JVM dies: a shell reads its
     * standard input (our pipe) and kills the program at end-of-file.
     */
    public static ChildProcess startNative(String name, List<String> command, java.util.Map<String, String> env, Path log) {
        String quoted = command.stream().map(ChildProcess::shellQuote).collect(java.util.stream.Collectors.joining(" "));
        // Background jobs of a non-interactive shell get /dev/null as stdin, so the watcher reads our pipe via fd 3.
        String script = "exec 3<&0; " + quoted + " </dev/null & child=$!; (cat <&3 >/dev/null; kill $child 2>/dev/null) & "
                + "trap 'kill $child 2>/dev/null' TERM INT; wait $child";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        try {
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Where the launcher class lives: a jar in the local repository or target/classes in the build. */
    static String launcherLocation() {
        try {
            return Path.of(ChildLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the local-stack classes for the child launcher", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The signals a fault test sends: stop (hang every connection), continue, terminate, kill. */
    public enum Signal {
        STOP, CONT, TERM, KILL
    }

    /**
     * Sends {@code signal} to this process by its pid ({@code kill -s}), for fault tests: {@code STOP} freezes it
     * (the kernel still accepts connections, so clients hang as on a stalled server), {@code CONT} thaws it,
     * {@code KILL} ends it without its shutdown hooks, as {@code kill -9} or the OOM killer would.
     */
    public void signal(Signal signal) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " (pid " + pid() + ") is not running; cannot send SIG" + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal.name(), String.valueOf(pid()))
                    .redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes());
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -s " + signal + " " + pid() + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill for " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
        paused = signal == Signal.STOP || (paused && signal != Signal.CONT);
    }

    /** SIGSTOP: the process stops running but keeps its sockets; {@link #resume()} continues it. */
    public void pause() {
        signal(Signal.STOP);
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal(Signal.CONT);
    }

    /** SIGKILL, then waits (up to 10 s) until the process is gone, so its port is free again. */
    public void kill() {
        if (!process.isAlive()) {
            return;
        }
        signal(Signal.KILL);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " to die", e);
        }
        paused = false;
    }

    /** SIGTERM (the process's shutdown hooks run), then waits up to {@code timeout} for it to end; SIGKILL after. */
    public void stop(Duration timeout) {
        if (!process.isAlive()) {
            return;
        }
        if (paused) {
            signal(Signal.CONT); // a stopped process would only see the SIGTERM once continued
        }
        // kill -s TERM, not Process.destroy(): destroy() also closes our end of the child's stdin, and the launcher
        // halts on that end-of-file before the child's own shutdown hooks (a broker's clean shutdown) can finish.
        signal(Signal.TERM);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        paused = false;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit code when the process ends, however it ends (a supervisor restarts on this). */
    public java.util.concurrent.CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    public Path log() {
        return log;
    }

    /** Waits until {@code ready} holds, failing early with the log's path if the process dies first. */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before it was ready; see " + log);
            }
            if (ready.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50); // polling a child's port; there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        destroy();
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /** Waits for the process to end (for one-shot tools) and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroy();
                throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + log);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** True when something accepts TCP connections on 127.0.0.1:port. */
    public static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void destroy() {
        if (!process.isAlive()) {
            return;
        }
        if (paused) {
            process.destroyForcibly(); // SIGKILL ends a stopped process; a SIGTERM would wait for a SIGCONT
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or has run.
        }
    }
}
