package org.inkflow.heldout;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.crawler.openmoji.SvgRasterizer;

/**
 * Builds a held-out set from SVG drawings the way the demo's pipeline turns OpenMoji into samples: each SVG rendered
 * by the crawler's {@link SvgRasterizer} at the sample size on white (as the crawler renders at the job's size),
 * then made a pair by {@link PairBuilder} (the cleaner's normalizer, colour rules and line-art extractor). Icons are
 * taken in a seeded shuffle of their names, and an icon is kept only when it renders and passes at every size, so
 * every size holds the same drawings.
 */
public final class HeldoutSetBuilder {

    /** Where the drawings come from, recorded in the manifest and credited in the docs. */
    public record Source(String packageAndVersion, String license, String credit) {
    }

    private final SvgRasterizer rasterizer = new SvgRasterizer();

    /** Writes up to {@code count} pairs per size into {@code dir}, then the manifest; returns the set. */
    public HeldoutSet build(List<IconifyIcons.Icon> icons, Source source, int count, List<Integer> sizes,
                           LineArtMode mode, long seed, Path dir) {
        if (count < 1 || sizes.isEmpty()) {
            throw new IllegalArgumentException("a held-out set needs count >= 1 and at least one size; got count " + count
                    + ", sizes " + sizes);
        }
        List<PairBuilder> builders = sizes.stream().map(s -> new PairBuilder(s, mode)).toList();
        List<IconifyIcons.Icon> order = new ArrayList<>(icons);
        Collections.shuffle(order, new Random(seed));
        List<String> names = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (IconifyIcons.Icon icon : order) {
            if (names.size() == count) {
                break;
            }
            List<HeldoutPair> pairs = new ArrayList<>();
            String reason = null;
            for (PairBuilder builder : builders) {
                BufferedImage color;
                try {
                    color = rasterizer.render(icon.svg(), builder.size(), builder.size()); // [size, size] RGB on white
                } catch (SvgRasterizer.RasterizeException e) {
                    reason = "unrenderable";
                    break;
                }
                Optional<HeldoutPair> pair = builder.build(icon.name(), color);
                if (pair.isEmpty()) {
                    reason = "too-little-color";
                    break;
                }
                pairs.add(pair.get());
            }
            if (reason != null) {
                skipped.merge(reason, 1, Integer::sum);
                continue;
            }
            pairs.forEach(p -> HeldoutSet.writePair(dir, p));
            names.add(icon.name());
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("none of the " + icons.size() + " icons gave a pair (skipped: " + skipped + ")");
        }
        return HeldoutSet.writeManifest(dir, new HeldoutSet.Manifest(1, source.packageAndVersion(), source.license(),
                source.credit(), mode.id(), "pad", seed, List.copyOf(sizes), List.copyOf(names),
                new LinkedHashMap<>(skipped)));
    }
}
