package org.inkflow.heldout;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.normalize.NormalizeMode;
import org.inkflow.cleaner.normalize.Normalizer;
import org.inkflow.cleaner.normalize.SampleImage;
import org.inkflow.crawler.openmoji.OpenMojiEntry;
import org.inkflow.crawler.openmoji.OpenMojiPackage;
import org.inkflow.crawler.openmoji.SvgRasterizer;

/**
 * The demo's data without the platform: OpenMoji colour SVGs with their black outline layer as paired line art,
 * rendered by the crawler's rasterizer at the sample size, padded by the cleaner's normalizer, kept where the
 * cleaner's colour rules keep them, the demo's excluded groups left out, in a seeded shuffle (seed 16) so the
 * first {@code n} pairs are the same for every caller. Rendered pairs are cached as a {@link HeldoutSet} directory.
 * OpenMoji (https://openmoji.org), CC BY-SA 4.0.
 */
final class OpenMojiPairs {

    static final String CREDIT = "OpenMoji (https://openmoji.org), CC BY-SA 4.0";
    private static final Set<String> EXCLUDED_GROUPS = Set.of("flags", "component", "extras-unicode");

    private OpenMojiPairs() {
    }

    /**
     * Up to {@code count} pairs at {@code size} in the shuffled order, rendered on {@code threads} threads, or read
     * from {@code cache} (a directory, null for none) when it holds at least as many at that size.
     */
    static List<HeldoutPair> load(Path tgz, int size, int count, int threads, Path cache) throws IOException {
        if (cache != null && Files.isRegularFile(cache.resolve(HeldoutSet.MANIFEST))) {
            HeldoutSet cached = HeldoutSet.open(cache);
            if (cached.manifest().sizes().contains(size) && cached.manifest().names().size() >= Math.min(count,
                    cached.manifest().skipped().getOrDefault("total", Integer.MAX_VALUE))) {
                List<HeldoutPair> pairs = cached.pairs(size);
                return pairs.subList(0, Math.min(count, pairs.size()));
            }
        }
        OpenMojiPackage pack;
        try (InputStream in = Files.newInputStream(tgz)) {
            pack = OpenMojiPackage.read(in, 1 << 20, 1L << 30);
        }
        List<OpenMojiEntry> entries = new ArrayList<>(pack.entries().stream()
                .filter(e -> !EXCLUDED_GROUPS.contains(e.group())).toList());
        Collections.shuffle(entries, new Random(16));
        ThreadLocal<SvgRasterizer> rasterizers = ThreadLocal.withInitial(SvgRasterizer::new);
        ThreadLocal<Normalizer> normalizers = ThreadLocal.withInitial(() -> new Normalizer(size, NormalizeMode.PAD));
        ThreadLocal<PairBuilder> colourRules = ThreadLocal.withInitial(() -> new PairBuilder(size, LineArtMode.EXTRACTED));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        List<HeldoutPair> pairs = new ArrayList<>();
        try {
            // In chunks, in order, so a small count renders little and the order does not depend on the threads.
            int next = 0;
            while (pairs.size() < count && next < entries.size()) {
                List<Future<Optional<HeldoutPair>>> chunk = new ArrayList<>();
                for (int end = Math.min(entries.size(), next + 64); next < end; next++) {
                    OpenMojiEntry e = entries.get(next);
                    chunk.add(pool.submit(() -> render(pack, e, size, rasterizers.get(), normalizers.get(),
                            colourRules.get())));
                }
                for (Future<Optional<HeldoutPair>> f : chunk) {
                    Optional<HeldoutPair> pair = f.get();
                    if (pair.isPresent() && pairs.size() < count) {
                        pairs.add(pair.get());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering OpenMoji", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("cannot render OpenMoji: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (cache != null) {
            pairs.forEach(p -> HeldoutSet.writePair(cache, p));
            HeldoutSet.writeManifest(cache, new HeldoutSet.Manifest(1, "openmoji@17.0.0", "CC BY-SA 4.0", CREDIT,
                    "paired", "pad", 16, List.of(size), pairs.stream().map(HeldoutPair::name).toList(),
                    pairs.size() < count ? Map.of("total", pairs.size()) : Map.of()));
        }
        return pairs;
    }

    private static Optional<HeldoutPair> render(OpenMojiPackage pack, OpenMojiEntry e, int size, SvgRasterizer rasterizer,
                                                Normalizer normalizer, PairBuilder colourRules) {
        var color = pack.colorSvg(e.hexcode());
        var black = pack.blackSvg(e.hexcode());
        if (color.isEmpty() || black.isEmpty()) {
            return Optional.empty();
        }
        try {
            BufferedImage c = rasterizer.render(color.get(), size, size);
            if (colourRules.build(e.hexcode(), c).isEmpty()) {
                return Optional.empty(); // the cleaner would reject it (already-grayscale, too-little-color)
            }
            BufferedImage b = rasterizer.render(black.get(), size, size);
            float[] target = SampleImage.of(normalizer.normalize(c)).rgb(); // [H,W,3]
            float[] line = SampleImage.of(normalizer.normalize(b)).gray(); // [H,W]
            return Optional.of(new HeldoutPair(e.hexcode(), size, line, target));
        } catch (SvgRasterizer.RasterizeException ex) {
            return Optional.empty(); // skipped, as the crawler fails the item
        }
    }
}
