package org.inkflow.crawler.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.crawler.fakes.OpenMojiTarball;
import org.inkflow.crawler.openmoji.OpenMojiEntry;
import org.inkflow.crawler.openmoji.OpenMojiPackage;
import org.inkflow.crawler.openmoji.SvgRasterizer;

/**
 * How fast the OpenMoji importer turns SVG pairs into PNG pairs (colour + line art, encoded as stored), and how
 * that scales: 64 px against 128 px, and 1 thread against 2, in one run so the ratios compare like with like.
 * Usage: {@code RasterizeBench [pairs] [path/to/openmoji-17.0.0.tgz]} (a synthetic package when no path is given).
 */
public final class RasterizeBench {

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path tgz = args.length > 1 ? Path.of(args[1]) : synthetic(pairs);
        OpenMojiPackage pack;
        try (InputStream in = Files.newInputStream(tgz)) {
            pack = OpenMojiPackage.read(in, 2 << 20, 512L << 20);
        }
        List<OpenMojiEntry> entries = pack.entries().stream()
                .filter(e -> pack.colorSvg(e.hexcode()).isPresent() && pack.blackSvg(e.hexcode()).isPresent())
                .limit(pairs).toList();
        System.out.printf(Locale.ROOT, "package %s: %d pairs%n", tgz, entries.size());

        run(pack, entries, 64, 1); // warm-up: class loading and JIT
        double base = run(pack, entries, 64, 1);
        double large = run(pack, entries, 128, 1);
        double twoThreads = run(pack, entries, 64, 2);
        System.out.printf(Locale.ROOT, "64px, 1 thread : %8.1f pairs/s%n", base);
        System.out.printf(Locale.ROOT, "128px, 1 thread: %8.1f pairs/s  (ratio to 64px: %.2f)%n", large, large / base);
        System.out.printf(Locale.ROOT, "64px, 2 threads: %8.1f pairs/s  (ratio to 1 thread: %.2f)%n", twoThreads, twoThreads / base);
    }

    /** Pairs per second: both SVGs rendered and both PNGs encoded, as the importer stores them. */
    static double run(OpenMojiPackage pack, List<OpenMojiEntry> entries, int size, int threads) throws Exception {
        SvgRasterizer rasterizer = new SvgRasterizer();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<Long>> work = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    long bytes = 0;
                    for (int i = next.getAndIncrement(); i < entries.size(); i = next.getAndIncrement()) {
                        String hex = entries.get(i).hexcode();
                        bytes += ImageArrays.encodePng(rasterizer.render(pack.colorSvg(hex).orElseThrow(), size, size)).length;
                        bytes += ImageArrays.encodePng(rasterizer.render(pack.blackSvg(hex).orElseThrow(), size, size)).length;
                    }
                    return bytes;
                }));
            }
            for (Future<Long> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return entries.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static Path synthetic(int pairs) throws Exception {
        OpenMojiTarball tarball = new OpenMojiTarball();
        for (int i = 0; i < pairs; i++) {
            tarball.emoji(String.format("E%04X", i), "bench", "bench", "bench", "", String.format("#%06X", (i * 2654435761L) & 0xFFFFFF));
        }
        Path file = Files.createTempFile("openmoji-bench", ".tgz");
        file.toFile().deleteOnExit();
        return tarball.writeTo(file);
    }
}
