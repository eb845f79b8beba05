package org.inkflow.cleaner.datasets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.split.SplitAssigner;
import org.inkflow.common.artifacts.SampleMeta;

/**
 * Decides a snapshot's content from the accepted samples and a {@link DatasetSpec}, without I/O: tag include and
 * exclude, required pairing, dropping rare tags, capping each primary tag at {@code maxPerTag} (a seeded shuffle
 * decides which samples stay), the split by group key, and a seeded order within each split. Deterministic: the same
 * samples and spec give the same plan and fingerprint.
 */
public final class DatasetPlanner {

    /** The planned snapshot. {@code splits} holds train, validation, test in that order, each in shuffled order. */
    public record Plan(Map<String, List<SampleMeta>> splits, Map<String, Integer> tagCountsBeforeBalancing,
                       Map<String, Integer> tagCounts, Map<String, Integer> excluded, String fingerprint) {

        public int size() {
            return splits.values().stream().mapToInt(List::size).sum();
        }

        public Map<String, Integer> splitCounts() {
            Map<String, Integer> out = new LinkedHashMap<>();
            splits.forEach((k, v) -> out.put(k, v.size()));
            return out;
        }
    }

    private DatasetPlanner() {
    }

    public static Plan plan(List<SampleMeta> samples, DatasetSpec spec) {
        Map<String, Integer> excluded = new LinkedHashMap<>();
        excluded.put("tags", 0);
        excluded.put("unpaired", 0);
        excluded.put("rareTag", 0);
        excluded.put("balance", 0);
        List<SampleMeta> kept = new ArrayList<>();
        for (SampleMeta s : samples) {
            List<String> tags = s.tags().stream().map(DatasetSpec::canonicalTag).toList();
            boolean included = spec.includeTags().isEmpty() || tags.stream().anyMatch(spec.includeTags()::contains);
            boolean blocked = tags.stream().anyMatch(spec.excludeTags()::contains);
            if (!included || blocked) {
                excluded.merge("tags", 1, Integer::sum);
            } else if (spec.requirePaired() && (s.rawLineArtKey() == null || !LineArtMode.PAIRED.id().equals(s.lineArtSource()))) {
                excluded.merge("unpaired", 1, Integer::sum);
            } else {
                kept.add(s);
            }
        }
        Map<String, List<SampleMeta>> byTag = new TreeMap<>();
        for (SampleMeta s : kept) {
            byTag.computeIfAbsent(s.primaryTag(), t -> new ArrayList<>()).add(s);
        }
        Map<String, Integer> before = new TreeMap<>();
        byTag.forEach((tag, list) -> before.put(tag, list.size()));
        Map<String, Integer> after = new TreeMap<>();
        List<SampleMeta> selected = new ArrayList<>();
        for (Map.Entry<String, List<SampleMeta>> e : byTag.entrySet()) {
            List<SampleMeta> list = new ArrayList<>(e.getValue());
            if (spec.minPerTag() != null && list.size() < spec.minPerTag()) {
                excluded.merge("rareTag", list.size(), Integer::sum);
                continue;
            }
            list.sort(shuffled(spec.seed()));
            if (spec.maxPerTag() != null && list.size() > spec.maxPerTag()) {
                excluded.merge("balance", list.size() - spec.maxPerTag(), Integer::sum);
                list = list.subList(0, spec.maxPerTag());
            }
            after.put(e.getKey(), list.size());
            selected.addAll(list);
        }
        SplitAssigner assigner = new SplitAssigner(spec.train(), spec.validation(), spec.test());
        Map<String, List<SampleMeta>> splits = new LinkedHashMap<>();
        SplitAssigner.SPLITS.forEach(name -> splits.put(name, new ArrayList<>()));
        for (SampleMeta s : selected) {
            splits.get(assigner.assign(s.groupKey() == null ? s.sha256() : s.groupKey())).add(s);
        }
        splits.values().forEach(list -> list.sort(shuffled(spec.seed())));
        splits.replaceAll((k, v) -> List.copyOf(v));
        return new Plan(splits, before, after, excluded, fingerprint(spec, splits));
    }

    /** A seeded shuffle as a sort: by SHA-256 of seed and sample, ties (none in practice) by sha256. */
    static Comparator<SampleMeta> shuffled(long seed) {
        Map<String, String> keys = new java.util.HashMap<>();
        return Comparator.<SampleMeta, String>comparing(s -> keys.computeIfAbsent(s.sha256(), sha -> hex(seed + ":" + sha)))
                .thenComparing(SampleMeta::sha256);
    }

    private static String fingerprint(DatasetSpec spec, Map<String, List<SampleMeta>> splits) {
        StringBuilder text = new StringBuilder(spec.canonical());
        splits.forEach((split, list) -> list.forEach(s -> text.append('\n').append(split).append(' ').append(s.sha256())
                .append(' ').append(s.inputKey()).append(' ').append(s.targetKey())));
        return hex(text.toString());
    }

    static String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
