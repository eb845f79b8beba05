package org.inkflow.heldout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inkflow.cleaner.lineart.LineArtMode;

/**
 * {@code bench/heldout.sh}'s entry point. {@code build}: an Iconify {@code icons.json} to a held-out set.
 * {@code score}: the set through a service's {@code /colorize} and/or exported models, beside line-copy, as a table.
 */
public final class HeldoutMain {

    private static final String USAGE = """
            usage: HeldoutMain build --icons icons.json --out DIR --source PKG@VERSION --license SPDX --credit TEXT
                                     [--count 200] [--sizes 64,128] [--line-art extracted|xdog|gray] [--seed 16]
                   HeldoutMain score --set DIR [--sizes 64,128] [--limit N]
                                     [--url http://127.0.0.1:8085 (--key KEY | --key-file .inkflow/consumer.key)]
                                     [--model VERSION_DIR ...] [--hints POINTS] [--hint-radius 1] [--seed 16]""";

    private HeldoutMain() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 0 || !Set.of("build", "score").contains(args[0])) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Map<String, List<String>> opts;
        try {
            opts = parse(Arrays.copyOfRange(args, 1, args.length));
            if (args[0].equals("build")) {
                build(opts);
            } else {
                score(opts);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void build(Map<String, List<String>> o) throws IOException {
        Path icons = Path.of(required(o, "icons"));
        Path out = Path.of(required(o, "out"));
        var source = new HeldoutSetBuilder.Source(required(o, "source"), required(o, "license"), required(o, "credit"));
        long started = System.nanoTime();
        HeldoutSet set = new HeldoutSetBuilder().build(IconifyIcons.parse(Files.readAllBytes(icons)), source,
                Integer.parseInt(one(o, "count", "200")), sizes(o), LineArtMode.parse(one(o, "line-art", "extracted")),
                Long.parseLong(one(o, "seed", "16")), out);
        var m = set.manifest();
        System.out.printf("held-out set: %d pairs at %s px from %s (%s), line art %s, skipped %s, in %.1f s -> %s%n",
                m.names().size(), m.sizes(), m.source(), m.license(), m.lineArt(), m.skipped(),
                (System.nanoTime() - started) / 1e9, out);
    }

    private static void score(Map<String, List<String>> o) throws IOException {
        HeldoutSet set = HeldoutSet.open(Path.of(required(o, "set")));
        List<Integer> sizes = o.containsKey("sizes") ? sizes(o) : set.manifest().sizes();
        int limit = Integer.parseInt(one(o, "limit", "0"));
        List<PairColorizer> colorizers = new ArrayList<>();
        try {
            if (o.containsKey("url")) {
                String key = o.containsKey("key") ? one(o, "key", null)
                        : o.containsKey("key-file") ? Files.readString(Path.of(one(o, "key-file", null))).trim() : null;
                colorizers.add(PairColorizer.service(new ColorizeClient(one(o, "url", null), key),
                        "/colorize " + one(o, "url", null)));
            }
            for (String model : o.getOrDefault("model", List.of())) {
                colorizers.add(PairColorizer.savedModel(Path.of(model)));
            }
            HeldoutScorer scorer = new HeldoutScorer(Integer.parseInt(one(o, "hints", "0")),
                    Integer.parseInt(one(o, "hint-radius", "1")), Long.parseLong(one(o, "seed", "16")));
            var m = set.manifest();
            System.out.printf("held-out set %s: %s (%s), line art %s%n", o.get("set").get(0), m.source(), m.license(),
                    m.lineArt());
            List<HeldoutScorer.Row> rows = new ArrayList<>();
            for (int size : sizes) {
                List<HeldoutPair> pairs = set.pairs(size);
                if (limit > 0 && pairs.size() > limit) {
                    pairs = pairs.subList(0, limit);
                }
                rows.addAll(scorer.score(pairs, size, colorizers));
            }
            System.out.print(HeldoutScorer.table(rows));
        } finally {
            colorizers.forEach(PairColorizer::close);
        }
    }

    static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> out = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            }
            out.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[i + 1]);
        }
        return out;
    }

    private static String required(Map<String, List<String>> o, String name) {
        if (!o.containsKey(name)) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return o.get(name).get(0);
    }

    private static String one(Map<String, List<String>> o, String name, String fallback) {
        return o.containsKey(name) ? o.get(name).get(0) : fallback;
    }

    private static List<Integer> sizes(Map<String, List<String>> o) {
        return Arrays.stream(one(o, "sizes", "64,128").split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
