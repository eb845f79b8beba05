package org.inkflow.e2e;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A progress bar per pipeline stage: counts, rate-based ETA, and a free-form detail (e.g. the training loss).
 * On a terminal it redraws one line; elsewhere (CI logs) it prints a line every few seconds.
 */
public final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String stage;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos;
    private String lastLine = "";

    public Progress(PrintStream out, String stage, boolean terminal) {
        this.out = out;
        this.stage = stage;
        this.terminal = terminal;
    }

    public void update(long done, long total, String detail) {
        String line = render(done, total, detail);
        long now = System.nanoTime();
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
        } else if (!line.equals(lastLine) && now - lastPrintNanos > Duration.ofSeconds(5).toNanos()) {
            out.println(line);
            lastPrintNanos = now;
        }
        lastLine = line;
    }

    public Duration finish(String summary) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        if (terminal) {
            out.print("\r\u001b[K");
        }
        out.printf("  %-9s done in %s: %s%n", stage, format(took), summary);
        return took;
    }

    String render(long done, long total, String detail) {
        double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        long elapsed = System.nanoTime() - startNanos;
        String eta = done <= 0 || total <= 0 ? "--:--"
                : format(Duration.ofNanos((long) (elapsed / fraction - elapsed)));
        return String.format("  %-9s [%s] %d/%d  ETA %s  %s", stage, bar, done, total, eta, detail == null ? "" : detail);
    }

    static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return String.format("%d:%02d", s / 60, s % 60);
    }
}
