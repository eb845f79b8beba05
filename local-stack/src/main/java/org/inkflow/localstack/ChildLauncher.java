package org.inkflow.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child process the local stack starts: runs the real main class and ends the process as soon
 * as its parent goes away, so no broker or S3 server outlives the JVM that started it, even after a kill -9.
 *
 * <p>The parent keeps the child's standard input open as a pipe and never writes to it; when the parent dies the
 * operating system closes the pipe and the read below sees end-of-file.
 */
public final class ChildLauncher {

    private ChildLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ChildLauncher <main-class> [args...]");
            System.exit(2);
        }
        Thread watchdog = new Thread(() -> watchParent(System.in), "parent-death-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        Class<?> target = Class.forName(args[0]);
        Method main = target.getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    static void watchParent(InputStream parentPipe) {
        try {
            while (parentPipe.read() != -1) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end-of-file: the parent is gone.
        }
        System.err.println("local-stack: parent process is gone, shutting down");
        // halt, not exit: a shutdown hook of the child must not be able to keep it alive.
        Runtime.getRuntime().halt(0);
    }
}
