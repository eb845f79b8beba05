package org.inkflow.evaluator;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Takes a screenshot of a page with headless Chromium (Debian's {@code chromium}), isolated in a fresh profile. */
final class ChromiumScreenshot {

    private ChromiumScreenshot() {
    }

    /** The chromium binary, or null when it is not installed. */
    static Path find() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Loads {@code url} and writes a screenshot into a new temporary directory; answers the PNG's path. */
    static Path take(Path chromium, String url, int width, int height) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("inkflow-chromium");
        Path shot = dir.resolve("screenshot.png");
        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=" + width + "," + height, "--screenshot=" + shot, url)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("chromium.log").toFile())
                .start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 90 s; see " + dir.resolve("chromium.log"));
        }
        if (!Files.exists(shot)) {
            throw new IllegalStateException("chromium wrote no screenshot (exit " + process.exitValue() + "): "
                    + Files.readString(dir.resolve("chromium.log")));
        }
        return shot;
    }

    /** Pixels within {@code tolerance} of the color on every channel. */
    static int countNear(BufferedImage image, int r, int g, int b, int tolerance) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - r) <= tolerance && Math.abs(((rgb >> 8) & 0xff) - g) <= tolerance
                        && Math.abs((rgb & 0xff) - b) <= tolerance) {
                    count++;
                }
            }
        }
        return count;
    }
}
