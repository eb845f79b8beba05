package org.inkflow.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.inkflow.common.events.EventJson;

/**
 * A synthetic OpenMoji-shaped npm tarball for the fault tests: {@code count} distinct emojis, each with its black
 * outline (so the cleaner pairs them), written by {@link #write} as the crawler's OpenMoji importer reads it.
 */
final class OpenMojiFixture {

    private OpenMojiFixture() {
    }

    static Path write(Path dir, int count, int seed) throws IOException, InterruptedException {
        Path pkg = Files.createDirectories(dir.resolve("package"));
        Files.createDirectories(pkg.resolve("color/svg"));
        Files.createDirectories(pkg.resolve("black/svg"));
        Files.createDirectories(pkg.resolve("data"));
        java.util.Random random = new java.util.Random(seed);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String hex = String.format("E%d%04X", seed, i);
            int r = 12 + random.nextInt(20);
            int cx = 20 + random.nextInt(32);
            int cy = 20 + random.nextInt(32);
            int w = 10 + random.nextInt(30);
            String fill = String.format("#%06X", random.nextInt(0x1000000));
            String fill2 = String.format("#%06X", random.nextInt(0x1000000));
            String outline = "<circle cx=\"" + cx + "\" cy=\"" + cy + "\" r=\"" + r + "\" fill=\"none\" stroke=\"#000000\" stroke-width=\"3\"/>"
                    + "<rect x=\"" + (72 - w) / 2 + "\" y=\"4\" width=\"" + w + "\" height=\"" + (w / 2 + 4)
                    + "\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2\"/>";
            String color = "<circle cx=\"" + cx + "\" cy=\"" + cy + "\" r=\"" + r + "\" fill=\"" + fill + "\"/>"
                    + "<rect x=\"" + (72 - w) / 2 + "\" y=\"4\" width=\"" + w + "\" height=\"" + (w / 2 + 4) + "\" fill=\"" + fill2 + "\"/>";
            Files.writeString(pkg.resolve("color/svg/" + hex + ".svg"), svg(color + outline));
            Files.writeString(pkg.resolve("black/svg/" + hex + ".svg"), svg(outline));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("emoji", "?");
            e.put("hexcode", hex);
            e.put("group", "smileys-emotion");
            e.put("subgroups", "fault-test");
            e.put("annotation", "fault test " + hex);
            e.put("tags", "");
            e.put("openmoji_tags", "");
            e.put("skintone", "");
            e.put("skintone_base_hexcode", "");
            e.put("order", i + 1);
            entries.add(e);
        }
        Files.write(pkg.resolve("data/openmoji.json"), EventJson.MAPPER.writeValueAsBytes(entries));
        Files.writeString(pkg.resolve("README.md"), "fault-test package");
        Path tgz = dir.resolve("openmoji-17.0.0.tgz");
        Process tar = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", dir.toString(), "package")
                .redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes());
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IllegalStateException("tar failed: " + out);
        }
        return tgz;
    }

    private static String svg(String body) {
        return "<svg id=\"emoji\" viewBox=\"0 0 72 72\" xmlns=\"http://www.w3.org/2000/svg\">" + body + "</svg>";
    }
}
